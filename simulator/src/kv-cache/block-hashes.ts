import { createHash } from "node:crypto";
import { canonicalCbor } from "./canonical-cbor";

/*
 * The reference's block keys (llm-d-inference-sim @ v0.5.1, pkg/kv-cache/kv_cache.go, OnRequestStart,
 * through llm-d-kv-cache-manager @ v0.3.0-rc1, pkg/kvcache/kvblock/token_processor.go,
 * ChunkedTokenDatabase):
 * - the prompt's token ids are cut into blocks of `--block-size`; a partial last block is dropped, so a
 *   prompt has floor(tokens / block size) blocks;
 * - a value's hash is the low 64 bits (the last 8 bytes, big-endian) of SHA-256 over its canonical CBOR;
 * - the root parent is the hash of the seed string (`--hash-seed`, else PYTHONHASHSEED, else "");
 * - block i's hash is the hash of `[hash of block i−1 (the root for block 0), its token ids, null]`,
 *   so a block's hash names the whole prefix up to its end.
 */

function lowHash(bytes: Buffer): bigint {
  return createHash("sha256").update(bytes).digest().readBigUInt64BE(24);
}

/** The root parent hash for a seed. */
export function rootBlockHash(hashSeed: string): bigint {
  return lowHash(canonicalCbor(hashSeed));
}

/** The chained hashes of the full blocks of `tokenIds` (32-bit ids). */
export function blockHashes(tokenIds: readonly number[], blockSize: number, root: bigint): bigint[] {
  const hashes: bigint[] = [];
  let parent = root;
  for (let start = 0; start + blockSize <= tokenIds.length; start += blockSize) {
    parent = lowHash(canonicalCbor([parent, tokenIds.slice(start, start + blockSize), null]));
    hashes.push(parent);
  }
  return hashes;
}
