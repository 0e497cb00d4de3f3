import assert from "node:assert/strict";
import { Rng } from "../../src/generation/rng";

describe("seeded random numbers (src/generation/rng.ts)", () => {
  it("gives the same numbers for the same seed", () => {
    const a = Rng.fromSeed("42");
    const b = Rng.fromSeed(42);
    const c = Rng.fromSeed(43);
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.nextUint32());
    assert.deepEqual(draw(a), draw(b));
    assert.notDeepEqual(draw(Rng.fromSeed(42)), draw(c));
  });
});
