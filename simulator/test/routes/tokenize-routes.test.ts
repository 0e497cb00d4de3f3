import assert from "node:assert/strict";
import type { RunningSimulator } from "../../src/http/server";
import { post, start, stopAll, waitFor } from "../helpers/simulator";

describe("/tokenize and /ready (src/routes/tokenize-routes.ts)", () => {
  after(stopAll);

  it("answers /tokenize with the usage count, and /ready 503 during --startup-duration", async () => {
    const simulator = await start(["--model", "m", "--startup-duration", "2s"]);
    assert.equal((await fetch(`${simulator.url}/health`)).status, 200);
    assert.equal((await fetch(`${simulator.url}/ready`)).status, 503);
    const tokenized = await post(
      simulator,
      "/tokenize",
      JSON.stringify({ messages: [{ role: "user", content: "a, b!" }] }),
    );
    assert.equal(tokenized.status, 200);
    const body = tokenized.json as { count: number; tokens: number[]; max_model_len: number };
    assert.equal(body.count, 4);
    assert.equal(body.tokens.length, 4);
    assert.equal(body.max_model_len, 1024);
    // A prompt is read as /v1/completions reads it: a string, or an array of exactly one string.
    const listed = await post(simulator, "/tokenize", JSON.stringify({ prompt: ["a, b!"] }));
    assert.equal((listed.json as { count: number }).count, 4);
    assert.equal((await post(simulator, "/tokenize", JSON.stringify({ prompt: 5 }))).status, 400);
    await waitFor(async () => (await fetch(`${simulator.url}/health/ready`)).status === 200);
    assert.equal((await fetch(`${simulator.url}/ready`)).status, 200);
  });
});

type ErrorJson = { error: { message: string; type: string; param: string | null; code: number } };

describe("/tokenize output bound (src/routes/tokenize-routes.ts, issue #14)", () => {
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await start(["--model", "m", "--max-tokenize-tokens", "1000"]);
  });
  after(stopAll);

  it("bounds /tokenize output: more tokens than --max-tokenize-tokens is a 400 naming the limit (#6)", async () => {
    const over = await post(
      simulator,
      "/tokenize",
      JSON.stringify({ prompt: "a ".repeat(1001), return_token_strs: true }),
    );
    assert.equal(over.status, 400, over.text.slice(0, 200));
    assert.match((over.json as ErrorJson).error.message, /--max-tokenize-tokens/);
    assert.equal((over.json as ErrorJson).error.param, "prompt");
    const under = await post(
      simulator,
      "/tokenize",
      JSON.stringify({ prompt: "a ".repeat(1000), return_token_strs: true }),
    );
    assert.equal(under.status, 200);
    assert.equal((under.json as { count: number }).count, 1000);
  });

  it("bounds /tokenize by default: a 4 MiB prompt of one-letter words is refused, not turned into a 58 MB answer (#6)", async () => {
    const other = await start(["--model", "m"]);
    const response = await post(
      other,
      "/tokenize",
      JSON.stringify({ prompt: "a ".repeat(2 * 1024 * 1024 - 100), return_token_strs: true }),
    );
    assert.equal(response.status, 400);
    assert.ok(response.text.length < 1000);
  });
});
