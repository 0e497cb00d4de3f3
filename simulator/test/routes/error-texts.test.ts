import assert from "node:assert/strict";
import { post, start, stopAll } from "../helpers/simulator";

/*
 * Error answers word for word as the peer sends them: pkg/llm-d-inference-sim/failures.go and
 * failures_test.go @ v0.5.1 (injected failures), server.go @ v0.5.1 (validateRequest: unknown model
 * without a param, the context-window text).
 */

interface ErrorJson {
  error: { message: string; type: string; param: string | null; code: number };
}

const CHAT = JSON.stringify({ model: "my-model", messages: [{ role: "user", content: "hi" }] });

describe("error texts as the peer's (src/engine/state.ts, src/engine/models.ts)", () => {
  after(stopAll);

  const INJECTED: [string, number, string, string, string | null][] = [
    [
      "rate_limit",
      429,
      "RateLimitError",
      "Rate limit reached for my-model in organization org-xxx on requests per min (RPM): Limit 3, Used 3, Requested 1.",
      null,
    ],
    ["invalid_api_key", 401, "AuthenticationError", "Incorrect API key provided.", null],
    [
      "context_length",
      400,
      "BadRequestError",
      "This model's maximum context length is 4096 tokens. However, your messages resulted in 4500 tokens.",
      "messages",
    ],
    ["server_error", 503, "InternalServerError", "The server is overloaded or not ready yet.", null],
    [
      "invalid_request",
      400,
      "BadRequestError",
      "Invalid request: missing required parameter 'model'.",
      "model",
    ],
    ["model_not_found", 404, "NotFoundError", "The model 'my-model-nonexistent' does not exist", "model"],
  ];
  for (const [type, status, errorType, message, param] of INJECTED) {
    it(`injects ${type} with the peer's status, type, message and param`, async () => {
      const simulator = await start([
        "--model",
        "my-model",
        "--failure-injection-rate",
        "100",
        "--failure-types",
        type,
      ]);
      const answer = await post(simulator, "/v1/chat/completions", CHAT);
      assert.equal(answer.status, status);
      assert.deepEqual(answer.json, { error: { message, type: errorType, param, code: status } });
    });
  }

  it("answers an unknown model with param null, and the context window with the peer's text", async () => {
    const simulator = await start(["--model", "my-model", "--max-model-len", "10"]);
    const unknown = await post(
      simulator,
      "/v1/chat/completions",
      JSON.stringify({ model: "other", messages: [{ role: "user", content: "hi" }] }),
    );
    assert.equal(unknown.status, 404);
    assert.deepEqual((unknown.json as ErrorJson).error, {
      message: "The model `other` does not exist.",
      type: "NotFoundError",
      param: null,
      code: 404,
    });
    const tooLong = await post(
      simulator,
      "/v1/completions",
      JSON.stringify({ model: "my-model", prompt: "one two three", max_tokens: 20 }),
    );
    assert.equal(tooLong.status, 400);
    // pkg/llm-d-inference-sim/simulator_test.go @ v0.5.1, invalidMaxTokensErrMsg; server.go @ v0.5.1.
    for (const [body, message] of [
      [{ max_tokens: 0 }, "Max completion tokens and max tokens should be positive"],
      [{ max_completion_tokens: -1 }, "Max completion tokens and max tokens should be positive"],
      [{ ignore_eos: true }, "Ignore_eos is true but max_completion_tokens (or max_tokens) is not set"],
    ] as const) {
      const answer = await post(
        simulator,
        "/v1/chat/completions",
        JSON.stringify({ model: "my-model", messages: [{ role: "user", content: "hi" }], ...body }),
      );
      assert.equal(answer.status, 400);
      assert.equal((answer.json as ErrorJson).error.message, message);
    }
    assert.equal(
      (tooLong.json as ErrorJson).error.message,
      "This model's maximum context length is 10 tokens. However, you requested 23 tokens (3 in the messages, 20 in the completion). Please reduce the length of the messages or completion",
    );
  });
});
