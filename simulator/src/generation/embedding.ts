/**
 * A deterministic embedding of a token-id sequence, as the reference builds its placeholder vectors
 * (pkg/common/utils.go @ main, BuildStubEmbedding): component i is `2·(id_i mod 1024)/1024 − 1` for
 * the first ids, then `2·(id_(i mod n) mod 256)/256 − 1`; an empty input gives zeros. Every value is a
 * multiple of 1/512, so float32 and JSON show it exactly.
 */
export function deterministicEmbedding(tokenIds: readonly number[], dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const n = tokenIds.length;
  if (n === 0) return vector;
  for (let i = 0; i < dimensions; i++) {
    vector[i] = i < n ? (2 * (tokenIds[i] % 1024)) / 1024 - 1 : (2 * (tokenIds[i % n] % 256)) / 256 - 1;
  }
  return vector;
}

/** The vector as little-endian float32 bytes in base64 (`encoding_format: "base64"`). */
export function embeddingBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString("base64");
}
