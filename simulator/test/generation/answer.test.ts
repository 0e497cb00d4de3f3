import assert from "node:assert/strict";
import { testConfig, testRequest } from "../helpers/generation-inputs";
import { generateAnswer, streamedTokenCount } from "../../src/generation/answer";
import { Rng } from "../../src/generation/rng";
import type { CompletionRequest, ToolDefinition } from "../../src/protocol/types";

const config = testConfig;

const request = (overrides: Partial<CompletionRequest> = {}): CompletionRequest =>
  testRequest({
    kind: "chat",
    promptText: "say one two three four five",
    echoText: "one two three four five",
    toolChoice: "auto",
    ...overrides,
  });

const TOOL: ToolDefinition = {
  type: "function",
  function: {
    name: "book",
    parameters: { type: "object", properties: { seats: { type: "integer" } }, required: ["seats"] },
  },
};

describe("answers (src/generation/answer.ts)", () => {
  it("echoes the text in echo mode, cut at max_tokens", () => {
    const full = generateAnswer(config({ mode: "echo" }), request(), 5, Rng.fromSeed(1));
    assert.equal(full.kind, "text");
    assert.equal(full.kind === "text" && full.tokens.join(""), "one two three four five");
    assert.equal(full.finishReason, "stop");
    const cut = generateAnswer(config({ mode: "echo" }), request({ maxTokens: 2 }), 5, Rng.fromSeed(1));
    assert.deepEqual(cut, {
      kind: "text",
      tokens: ["one ", "two"],
      finishReason: "length",
      completionTokens: 2,
    });
  });

  it("never exceeds what the context window leaves after the prompt", () => {
    const echo = generateAnswer(config({ mode: "echo", maxModelLen: 8 }), request(), 5, Rng.fromSeed(1));
    assert.equal(echo.completionTokens, 3);
    assert.equal(echo.finishReason, "length");
    const random = generateAnswer(
      config({ maxModelLen: 10 }),
      request({ maxTokens: 100, ignoreEos: true }),
      4,
      Rng.fromSeed(1),
    );
    assert.equal(random.completionTokens, 6);
    assert.equal(random.finishReason, "length");
    const full = generateAnswer(config({ mode: "echo", maxModelLen: 5 }), request(), 9, Rng.fromSeed(1));
    assert.equal(full.completionTokens, 0);
  });

  it("draws random text of exactly max_tokens with ignore_eos, the same for the same seed", () => {
    const a = generateAnswer(config(), request({ maxTokens: 12, ignoreEos: true }), 5, Rng.fromSeed(7));
    const b = generateAnswer(config(), request({ maxTokens: 12, ignoreEos: true }), 5, Rng.fromSeed(7));
    assert.equal(a.completionTokens, 12);
    assert.deepEqual(a, b);
    assert.equal(streamedTokenCount(a), 12);
  });

  it("answers with tool calls when a chat request requires one, and counts their argument tokens", () => {
    const answer = generateAnswer(
      config(),
      request({ tools: [TOOL], toolChoice: "required" }),
      5,
      Rng.fromSeed(3),
    );
    assert.equal(answer.kind, "tools");
    if (answer.kind !== "tools") return;
    assert.equal(answer.finishReason, "tool_calls");
    assert.equal(answer.calls[0]?.name, "book");
    assert.equal(typeof (JSON.parse(answer.calls[0]!.arguments) as { seats: unknown }).seats, "number");
    const argumentTokens = answer.calls.reduce((n, c) => n + c.argumentTokens.length, 0);
    assert.equal(streamedTokenCount(answer), argumentTokens);
    assert.equal(answer.completionTokens, argumentTokens + 3 * answer.calls.length);
  });

  it("answers with text when tools are offered but not to be called, or on a text completion", () => {
    const none = generateAnswer(config(), request({ tools: [TOOL], toolChoice: "none" }), 5, Rng.fromSeed(3));
    assert.equal(none.kind, "text");
    const text = generateAnswer(
      config(),
      request({ kind: "text", tools: [TOOL], toolChoice: "required" }),
      5,
      Rng.fromSeed(3),
    );
    assert.equal(text.kind, "text");
  });
});
