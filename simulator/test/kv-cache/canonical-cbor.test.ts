import assert from "node:assert/strict";
import { canonicalCbor } from "../../src/kv-cache/canonical-cbor";

/* Expected bytes: RFC 8949, Appendix A (Examples of Encoded CBOR Data Items). */
const hex = (value: Parameters<typeof canonicalCbor>[0]) => canonicalCbor(value).toString("hex");

describe("canonical CBOR (src/kv-cache/canonical-cbor.ts)", () => {
  it("writes unsigned integers in their shortest head, as RFC 8949's examples", () => {
    assert.equal(hex(0), "00");
    assert.equal(hex(23), "17");
    assert.equal(hex(24), "1818");
    assert.equal(hex(100), "1864");
    assert.equal(hex(1000), "1903e8");
    assert.equal(hex(1000000), "1a000f4240");
    assert.equal(hex(1000000000000), "1b000000e8d4a51000");
    assert.equal(hex(18446744073709551615n), "1bffffffffffffffff");
  });

  it("writes text strings, null and nested arrays as RFC 8949's examples", () => {
    assert.equal(hex(""), "60");
    assert.equal(hex("a"), "6161");
    assert.equal(hex("IETF"), "6449455446");
    assert.equal(hex("\u00fc"), "62c3bc");
    assert.equal(hex(null), "f6");
    assert.equal(hex([]), "80");
    assert.equal(hex([1, [2, 3], [4, 5]]), "8301820203820405");
    const twentyFive = Array.from({ length: 25 }, (_, i) => i + 1);
    assert.equal(hex(twentyFive), "98190102030405060708090a0b0c0d0e0f101112131415161718181819");
  });

  it("refuses what it cannot write canonically", () => {
    assert.throws(() => canonicalCbor(-1), RangeError);
    assert.throws(() => canonicalCbor(1.5), RangeError);
    assert.throws(() => canonicalCbor(2n ** 64n), RangeError);
  });
});
