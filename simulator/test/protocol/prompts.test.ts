import assert from "node:assert/strict";
import { ApiError } from "../../src/protocol/errors";
import { readPrompts } from "../../src/protocol/prompts";

const refused = (prompt: unknown, param: string) =>
  assert.throws(
    () => readPrompts({ prompt }),
    (error: unknown) => error instanceof ApiError && error.status === 400 && error.param === param,
  );

describe("completion prompts (src/protocol/prompts.ts)", () => {
  it("reads vLLM's four prompt shapes, one prompt per list item", () => {
    assert.deepEqual(readPrompts({ prompt: "hi" }), [{ text: "hi" }]);
    assert.deepEqual(readPrompts({ prompt: ["a", ""] }), [{ text: "a" }, { text: "" }]);
    assert.deepEqual(readPrompts({ prompt: [0, 4294967295] }), [{ text: "", tokenIds: [0, 4294967295] }]);
    assert.deepEqual(readPrompts({ prompt: [[1], [2, 3]] }), [
      { text: "", tokenIds: [1] },
      { text: "", tokenIds: [2, 3] },
    ]);
  });

  it("refuses missing, empty, mixed and out-of-range prompts, naming the item", () => {
    refused(undefined, "prompt");
    refused(null, "prompt");
    refused(7, "prompt");
    refused({ text: "x" }, "prompt");
    refused([], "prompt");
    refused([[]], "prompt[0]");
    refused(["a", ["b"]], "prompt[1]");
    refused([1, null], "prompt[1]");
    refused([[1], 2], "prompt[1]");
    refused([[1, "2"]], "prompt[0][1]");
    refused([-1], "prompt[0]");
    refused([1e20], "prompt[0]");
    refused([{}], "prompt[0]");
  });
});
