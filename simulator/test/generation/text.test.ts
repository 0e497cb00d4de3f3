import assert from "node:assert/strict";
import { Rng } from "../../src/generation/rng";
import { echoText, randomLength, randomText } from "../../src/generation/text";
import { countTokens } from "../../src/generation/tokenizer";

describe("echo and random text (src/generation/text.ts)", () => {
  it("cuts echo at the limit and keeps the rest of the text intact", () => {
    assert.deepEqual(echoText("one two, three", 2), { tokens: ["one ", "two"], finishReason: "length" });
    assert.equal(echoText("one two, three", 4).finishReason, "stop");
    assert.deepEqual(echoText("one two, three", 0), { tokens: [], finishReason: "length" });
    assert.equal(echoText("one two, three", undefined).tokens.join(""), "one two, three");
  });

  it("draws random lengths within bounds, and exactly the limit with ignore_eos", () => {
    const rng = Rng.fromSeed(11);
    let full = 0;
    for (let i = 0; i < 2000; i++) {
      const free = randomLength(rng, undefined, false);
      assert.ok(free >= 1 && free <= 128);
      const limited = randomLength(rng, 50, false);
      assert.ok(limited >= 1 && limited <= 50);
      if (limited === 50) full++;
      assert.equal(randomLength(rng, 33, true), 33);
    }
    assert.ok(full > 200 && full < 420, `max length drawn ${full} times of 2000, expected about 15%`);
    const text = randomText(rng, 20, true, 1000);
    assert.equal(text.tokens.length, 20);
    assert.equal(countTokens(text.tokens.join("")), 20);
    assert.deepEqual(randomText(Rng.fromSeed(3), 80, true, 10), {
      ...randomText(Rng.fromSeed(3), 80, true, 10),
    });
    assert.equal(randomText(rng, 80, true, 10).tokens.length, 10);
    assert.equal(randomText(rng, 80, true, 10).finishReason, "length");
  });
});
