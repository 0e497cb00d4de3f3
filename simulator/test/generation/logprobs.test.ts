import assert from "node:assert/strict";
import { alternativeToken, tokenLogprob } from "../../src/generation/logprobs";

describe("logprob values (src/generation/logprobs.ts)", () => {
  it("follows the reference's formula (pkg/common/logprobs_utils.go @ main, calculateLogprob)", () => {
    // defaultLogprob −1, 0.1 less per position in a cycle of 3, 0.5 less per alternative.
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((position) => tokenLogprob(position)),
      [-1, -1.1, -1.2, -1, -1.1],
    );
    assert.deepEqual(
      [0, 1, 2].map((alternative) => tokenLogprob(2, alternative)),
      [-1.2, -1.7, -2.2],
    );
    assert.equal(alternativeToken("Hello ", 2), "Hello _2");
  });

  it("is never above 0 and falls with every alternative", () => {
    for (let position = 0; position < 9; position++) {
      for (let j = 0; j < 20; j++) {
        assert.ok(tokenLogprob(position, j) <= 0);
        assert.ok(tokenLogprob(position, j + 1) < tokenLogprob(position, j));
      }
    }
  });
});
