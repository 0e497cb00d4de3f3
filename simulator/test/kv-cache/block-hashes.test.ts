import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { blockHashes, rootBlockHash } from "../../src/kv-cache/block-hashes";

/*
 * Peer: llm-d-kv-cache-manager @ v0.3.0-rc1, pkg/kvcache/kvblock/token_processor.go (the hashing the
 * reference's pkg/kv-cache/kv_cache.go @ v0.5.1 uses): SHA-256 over canonical CBOR, low 64 bits; the
 * root is the hash of the seed string; no partial blocks.
 */
const low64 = (bytes: Buffer) => createHash("sha256").update(bytes).digest().readBigUInt64BE(24);

describe("block hashes (src/kv-cache/block-hashes.ts)", () => {
  it("hashes the seed's CBOR text string for the root", () => {
    assert.equal(rootBlockHash(""), low64(Buffer.from([0x60])));
    assert.equal(rootBlockHash("42"), low64(Buffer.from([0x62, 0x34, 0x32])));
  });

  it("hashes [parent, token ids, null] for each block, chained from the root", () => {
    const root = rootBlockHash("");
    const parentBytes = Buffer.alloc(8);
    parentBytes.writeBigUInt64BE(root);
    // 0x83 array(3), 0x1b uint64 parent, 0x82 array(2), 1, 300 (0x19 012c), 0xf6 null.
    const first = low64(
      Buffer.concat([
        Buffer.from([0x83, 0x1b]),
        parentBytes,
        Buffer.from([0x82, 0x01, 0x19, 0x01, 0x2c, 0xf6]),
      ]),
    );
    const [hash] = blockHashes([1, 300], 2, root);
    assert.equal(hash, first);
    const firstBytes = Buffer.alloc(8);
    firstBytes.writeBigUInt64BE(first);
    const second = low64(
      Buffer.concat([Buffer.from([0x83, 0x1b]), firstBytes, Buffer.from([0x82, 0x05, 0x06, 0xf6])]),
    );
    assert.deepEqual(blockHashes([1, 300, 5, 6], 2, root), [first, second]);
  });

  it("makes floor(tokens / block size) blocks: a partial last block is dropped", () => {
    const root = rootBlockHash("");
    const ids = Array.from({ length: 47 }, (_, i) => i * 7919);
    assert.equal(blockHashes(ids, 16, root).length, 2);
    assert.equal(blockHashes(ids.slice(0, 15), 16, root).length, 0);
    assert.equal(blockHashes([...ids, 1], 16, root).length, 3);
  });

  it("names a prefix: equal prefixes give equal hashes, a change changes every later block", () => {
    const root = rootBlockHash("");
    const a = blockHashes([1, 2, 3, 4, 5, 6], 2, root);
    const b = blockHashes([1, 2, 3, 4, 9, 9], 2, root);
    const c = blockHashes([0, 2, 3, 4, 5, 6], 2, root);
    assert.deepEqual(a.slice(0, 2), b.slice(0, 2));
    assert.notEqual(a[2], b[2]);
    for (let i = 0; i < 3; i++) assert.notEqual(a[i], c[i]);
    assert.notDeepEqual(blockHashes([1, 2], 2, rootBlockHash("42")), blockHashes([1, 2], 2, root));
  });
});
