import assert from "node:assert/strict";
import { chatLogprobs, chatTokenLogprob, codePoints, textLogprobs } from "../../src/protocol/logprobs-json";

describe("logprobs shapes (src/protocol/logprobs-json.ts)", () => {
  it("builds a chat entry with exactly `top` alternatives, the chosen token first, bytes in UTF-8", () => {
    assert.deepEqual(chatTokenLogprob("é", 1, 2), {
      token: "é",
      logprob: -1.1,
      bytes: [0xc3, 0xa9],
      top_logprobs: [
        { token: "é", logprob: -1.1, bytes: [0xc3, 0xa9] },
        { token: "é_1", logprob: -1.6, bytes: [0xc3, 0xa9, 0x5f, 0x31] },
      ],
    });
    assert.deepEqual(chatTokenLogprob("a", 0, 0).top_logprobs, []);
    assert.deepEqual(
      chatLogprobs(["a ", "b"], 0, 2).content.map((entry) => entry.logprob),
      [-1.2, -1],
    );
  });

  it("builds the legacy text shape: offsets from `offset` in code points, at least the chosen token", () => {
    assert.deepEqual(textLogprobs(["😀 ", "ok"], 0, 0, 5), {
      text_offset: [5, 7],
      token_logprobs: [-1, -1.1],
      tokens: ["😀 ", "ok"],
      top_logprobs: [{ "😀 ": -1 }, { ok: -1.1 }],
    });
    assert.deepEqual(textLogprobs(["x"], 3, 4).top_logprobs, [{ x: -1.1, x_1: -1.6, x_2: -2.1 }]);
  });

  it("counts code points as Python's len does (a surrogate pair once, a lone surrogate once)", () => {
    assert.equal(codePoints("a😀b"), 3);
    assert.equal(codePoints("\ud800x"), 2);
    assert.equal(codePoints(""), 0);
  });
});
