import assert from "node:assert/strict";
import type { Answer } from "../../src/generation/answer";
import { singleChoice, type ChoiceSet } from "../../src/generation/choice-set";
import { ResponseWriter } from "../../src/protocol/responses";
import { ChoiceFrames } from "../../src/serving/choice-frames";

const text = (tokens: string[], finishReason: "stop" | "length" = "stop"): Answer => ({
  kind: "text",
  tokens,
  finishReason,
  completionTokens: tokens.length,
});

const set = (answers: Answer[]): ChoiceSet => ({
  ...singleChoice(answers[0], 1),
  answers,
  n: answers.length,
  events: Math.max(...answers.map((answer) => (answer.kind === "text" ? answer.tokens.length : 0))),
});

/** Each frame's choices as [index, text or content, finish_reason, logprobs]. */
function frames(out: string): unknown[][] {
  return out
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: {"))
    .flatMap((frame) => {
      const chunk = JSON.parse(frame.slice(6)) as {
        choices: {
          index: number;
          text?: string;
          delta?: object;
          finish_reason: string | null;
          logprobs: unknown;
        }[];
      };
      return chunk.choices.map((c) => [c.index, c.text ?? c.delta, c.finish_reason, c.logprobs]);
    });
}

describe("choice frames (src/serving/choice-frames.ts)", () => {
  it("streams choices side by side, each finish frame right after that choice's last token", () => {
    const writer = new ResponseWriter("text", "cmpl-1", "m", 1);
    const choices = new ChoiceFrames(
      writer,
      set([text(["a ", "b"]), text(["c"], "length"), text([])]),
      undefined,
    );
    assert.equal(choices.opening(), "");
    assert.deepEqual(frames(choices.step(0)), [
      [0, "a ", null, null],
      [1, "c", null, null],
      [1, "", "length", null],
    ]);
    assert.deepEqual(frames(choices.step(1)), [
      [0, "b", null, null],
      [0, "", "stop", null],
    ]);
    assert.deepEqual(frames(choices.closing()), [[2, "", "stop", null]]);
  });

  it("opens a chat stream with a role frame per choice and puts each token's logprobs on its frame", () => {
    const writer = new ResponseWriter("chat", "chatcmpl-1", "m", 1);
    const choices = new ChoiceFrames(writer, set([text(["x"]), text(["y"])]), 1);
    assert.deepEqual(frames(choices.opening()), [
      [0, { role: "assistant" }, null, null],
      [1, { role: "assistant" }, null, null],
    ]);
    const entry = (token: string) => ({
      content: [
        {
          token,
          logprob: -1,
          bytes: [token.charCodeAt(0)],
          top_logprobs: [{ token, logprob: -1, bytes: [token.charCodeAt(0)] }],
        },
      ],
    });
    assert.deepEqual(frames(choices.step(0)), [
      [0, { content: "x" }, null, entry("x")],
      [0, {}, "stop", null],
      [1, { content: "y" }, null, entry("y")],
      [1, {}, "stop", null],
    ]);
  });
});
