/**
 * The few CBOR items the reference's block hashes are computed over, in canonical (deterministic)
 * form, RFC 8949 §4.2.1: unsigned integers, text strings, null and arrays, every length and value in
 * its shortest head. The reference serialises `[parent, tokens, nil]` and the hash seed with
 * fxamacker/cbor's CanonicalEncOptions (llm-d-kv-cache-manager @ v0.3.0-rc1,
 * pkg/kvcache/kvblock/token_processor.go); this is that encoding for those types only.
 */
export type CborValue = number | bigint | string | null | readonly CborValue[];

const MAJOR_UNSIGNED = 0;
const MAJOR_TEXT = 3;
const MAJOR_ARRAY = 4;
const NULL = 0xf6;

/** A head: major type and argument, the argument in the fewest bytes (RFC 8949 §3, §4.2.1). */
function head(out: number[], major: number, argument: number | bigint): void {
  const value = BigInt(argument);
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn)
    throw new RangeError(`CBOR argument out of range: ${value}`);
  const type = major << 5;
  if (value < 24n) {
    out.push(type | Number(value));
    return;
  }
  const bytes = value < 0x100n ? 1 : value < 0x1_0000n ? 2 : value < 0x1_0000_0000n ? 4 : 8;
  out.push(type | { 1: 24, 2: 25, 4: 26, 8: 27 }[bytes]);
  for (let shift = BigInt((bytes - 1) * 8); shift >= 0n; shift -= 8n)
    out.push(Number((value >> shift) & 0xffn));
}

function write(out: number[], value: CborValue): void {
  if (value === null) out.push(NULL);
  else if (typeof value === "string") {
    const utf8 = Buffer.from(value, "utf8");
    head(out, MAJOR_TEXT, utf8.length);
    for (const byte of utf8) out.push(byte);
  } else if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new RangeError(`not an unsigned integer: ${value}`);
    }
    head(out, MAJOR_UNSIGNED, value);
  } else {
    head(out, MAJOR_ARRAY, value.length);
    for (const item of value) write(out, item);
  }
}

/** The canonical CBOR encoding of `value`. */
export function canonicalCbor(value: CborValue): Buffer {
  const out: number[] = [];
  write(out, value);
  return Buffer.from(out);
}
