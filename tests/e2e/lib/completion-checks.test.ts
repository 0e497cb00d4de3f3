import { strict as assert } from "node:assert";
import {
  chatCompletionProblems,
  chatRequest,
  chatStreamProblems,
  listedModels,
  observe,
  sseData,
  usageProblems,
} from "./completion-checks";

const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "model-a",
  choices: [
    { index: 0, message: { role: "assistant", content: "Once upon a time." }, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
};
const chunk = (delta: object, extra: object = {}) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "model-a", choices: [{ delta }], ...extra })}\n\n`;
const stream =
  chunk({ role: "assistant" }) +
  chunk({ content: "Once" }) +
  chunk({ content: " upon" }) +
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "model-a", choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n` +
  "data: [DONE]\n\n";

describe("e2e: completion checks (tests/e2e/lib/completion-checks.ts)", () => {
  it("asks for a chat completion, optionally exact-length or streamed with usage", () => {
    assert.deepEqual(chatRequest("m", { maxTokens: 50, ignoreEos: true, stream: true }), {
      model: "m",
      messages: [{ role: "user", content: "Tell me a story." }],
      max_tokens: 50,
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("accepts a consistent completion and names each problem of a broken one", () => {
    assert.deepEqual(chatCompletionProblems(completion, "model-a"), []);
    assert.deepEqual(
      chatCompletionProblems(
        {
          ...completion,
          model: "model-b",
          choices: [{ message: { content: " " } }],
          usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 11 },
        },
        "model-a",
      ),
      [
        'model is "model-b", not "model-a"',
        "the first choice has no content",
        "usage.total_tokens 11 ≠ prompt_tokens 5 + completion_tokens 5",
      ],
    );
    assert.deepEqual(usageProblems(undefined), ["no usage"]);
    assert.match(
      usageProblems({ prompt_tokens: 1.5, completion_tokens: 1, total_tokens: 2.5 })[0]!,
      /non-integer/,
    );
    assert.deepEqual(usageProblems({ prompt_tokens: 0, completion_tokens: 1, total_tokens: 1 }), [
      "usage.prompt_tokens is 0: the prompt was not counted",
    ]);
  });

  it("accepts a stream with content, usage and a final [DONE], and says what a broken one lacks", () => {
    assert.deepEqual(sseData(stream).at(-1), "[DONE]");
    assert.deepEqual(chatStreamProblems(stream, "model-a"), []);
    const cut = stream.replace("data: [DONE]\n\n", "");
    assert.match(chatStreamProblems(cut, "model-a")[0]!, /the stream ends with .*, not \[DONE\]/);
    assert.deepEqual(chatStreamProblems("", "model-a"), ["the stream has no data frames"]);
    const noUsage = chunk({ content: "x" }) + "data: [DONE]\n\n";
    assert.deepEqual(chatStreamProblems(noUsage, "model-a"), ["no usage"]);
    assert.deepEqual(chatStreamProblems("data: {oops\n\ndata: [DONE]\n\n", "model-a").slice(0, 1), [
      "a frame is not JSON: {oops",
    ]);
  });

  it("keeps status, tokens of successes and the start of failures", () => {
    assert.deepEqual(observe(200, completion, ""), { status: 200, totalTokens: 10 });
    assert.deepEqual(observe(429, { usage: { total_tokens: 3 } }, "Too Many Requests"), {
      status: 429,
      body: "Too Many Requests",
    });
  });

  it("reads the model ids of /v1/models", () => {
    assert.deepEqual(listedModels({ object: "list", data: [{ id: "model-a" }, { id: "lora" }, {}] }), [
      "model-a",
      "lora",
    ]);
    assert.deepEqual(listedModels({ error: {} }), []);
  });
});
