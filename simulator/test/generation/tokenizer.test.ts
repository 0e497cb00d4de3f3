import assert from "node:assert/strict";
import { countTokens, splitTokens, tokenId } from "../../src/generation/tokenizer";

describe("tokenizer (src/generation/tokenizer.ts)", () => {
  it("counts tokens the reference's way: word runs and single punctuation marks", () => {
    assert.equal(countTokens("Hello, world!"), 4);
    assert.equal(countTokens("Testing@, #testing 1$ ,2%,3^, [4&*5], 6~, 7-_ + (8 : 9) / \\ < > ."), 38);
    assert.equal(countTokens("snake_case stays one token, _leading splits"), 8);
    assert.equal(countTokens("   "), 0);
  });

  it("makes every other character a token, so nothing is free and echo is exact", () => {
    assert.equal(countTokens("don't"), 3);
    assert.equal(countTokens("日本語 テキスト"), 7);
    for (const text of [
      "  leading space",
      "tabs\tand\nnewlines  ",
      "emoji 🙂 ok",
      "日本語 テキスト",
      "a|b`c",
    ]) {
      assert.equal(splitTokens(text).join(""), text);
      assert.equal(splitTokens(text).length, countTokens(text));
    }
    assert.equal(tokenId("word "), tokenId("word"));
  });
});
