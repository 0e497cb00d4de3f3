import assert from "node:assert/strict";
import type OpenAI from "openai";
import { client, start, stopAll } from "../helpers/simulator";

/*
 * Streamed tool calls as the peer sends them: pkg/llm-d-inference-sim/streaming.go @ v0.5.1
 * (sendTokenChunks: id and type in every piece, name in the first, finish_reason on the last piece of
 * each call, no separate finish chunk) and its test pkg/llm-d-inference-sim/tools_test.go @ v0.5.1,
 * DescribeTable("streaming"), whose checks this test repeats.
 */
const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
    },
  },
  {
    type: "function",
    function: {
      name: "get_temperature",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: "string", enum: ["C", "F"] } },
        required: ["city", "unit"],
      },
    },
  },
];

describe("streamed tool calls (src/serving/completion-response.ts)", () => {
  after(stopAll);

  it("sends id and type in every piece and finish_reason tool_calls on each call's last piece", async () => {
    const simulator = await start([
      "--model",
      "m",
      "--seed",
      "3",
      "--tool-call-extra-call-probability",
      "100",
    ]);
    const stream = await client(simulator).chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "What is the weather?" }],
      tools: TOOLS,
      tool_choice: "required",
      stream: true,
      stream_options: { include_usage: true },
    });
    let role = "";
    let lastIndex = -1;
    let usageChunks = 0;
    const pieces: { index: number; finish: string | null; name?: string }[] = [];
    const args = new Map<number, string>();
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      if (chunk.usage) usageChunks++;
      for (const choice of chunk.choices) {
        if (choice.delta.role) {
          role = choice.delta.role;
          continue;
        }
        // The peer's test: every other chunk (finish_reason "" or tool_calls) has exactly one tool call.
        const calls = choice.delta.tool_calls ?? [];
        assert.equal(calls.length, 1, JSON.stringify(chunk));
        const [call] = calls;
        assert.ok(call.index === lastIndex || call.index === lastIndex + 1);
        if (call.index > lastIndex) {
          assert.ok(["get_weather", "get_temperature"].includes(call.function?.name ?? ""));
          lastIndex++;
        } else {
          assert.equal(call.function?.name, undefined);
        }
        assert.match(call.id ?? "", /^chatcmpl-tool-/);
        assert.equal(call.type, "function");
        args.set(call.index, (args.get(call.index) ?? "") + (call.function?.arguments ?? ""));
        pieces.push({ index: call.index, finish: choice.finish_reason, name: call.function?.name });
      }
    }
    assert.equal(role, "assistant");
    assert.equal(usageChunks, 1);
    assert.ok(lastIndex >= 1, "several calls");
    for (let index = 0; index <= lastIndex; index++) {
      const own = pieces.filter((piece) => piece.index === index);
      assert.deepEqual(
        own.map((piece) => piece.finish),
        [...own.slice(0, -1).map(() => null), "tool_calls"],
        `call ${index}: finish_reason only on its last piece`,
      );
      assert.doesNotThrow(() => JSON.parse(args.get(index) ?? ""), "whole arguments are JSON");
    }
  });
});
