import assert from "node:assert/strict";
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
