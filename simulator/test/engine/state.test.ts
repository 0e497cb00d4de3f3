import assert from "node:assert/strict";
import OpenAI from "openai";
import { client, start, stopAll } from "../helpers/simulator";

describe("failure injection (src/engine/state.ts)", () => {
  after(stopAll);

  it("injects no failures at 0% and only the chosen failures at 100%", async () => {
    const none = client(await start(["--model", "m", "--failure-injection-rate", "0"]));
    for (let i = 0; i < 10; i++) {
      await none.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    }
    const always = client(
      await start([
        "--model",
        "m",
        "--failure-injection-rate",
        "100",
        "--failure-types",
        "rate_limit",
        "server_error",
      ]),
    );
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      await assert.rejects(
        always.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] }),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.APIError);
          statuses.add(error.status ?? 0);
          const type = (error.error as { type: string }).type;
          assert.equal(type, error.status === 429 ? "RateLimitError" : "InternalServerError");
          return true;
        },
      );
    }
    assert.deepEqual([...statuses].sort(), [429, 503]);
    const each = await start([
      "--model",
      "m",
      "--failure-injection-rate",
      "100",
      "--failure-types",
      "invalid_api_key",
    ]);
    await assert.rejects(
      client(each).completions.create({ model: "m", prompt: "x" }),
      (error: unknown) => error instanceof OpenAI.AuthenticationError,
    );
  });
});
