import assert from "node:assert/strict";
import { client, post, start, stopAll } from "../helpers/simulator";

/*
 * /v1/embeddings as the peer serves it: pkg/communication/http.go @ main (HandleEmbeddings),
 * pkg/api/embeddings.go @ main (input forms, base64 as little-endian float32), pkg/common/utils.go @ main
 * (BuildStubEmbedding), pkg/tests/simulator_test.go @ main (pod and port headers on embeddings).
 */

/** The peer's vector formula, written out for the test. */
function expected(ids: number[], dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, i) =>
    i < ids.length ? (2 * (ids[i] % 1024)) / 1024 - 1 : (2 * (ids[i % ids.length] % 256)) / 256 - 1,
  );
}

describe("/v1/embeddings (src/routes/embedding-routes.ts)", () => {
  after(stopAll);

  it("answers the OpenAI client with deterministic vectors, usage counted", async () => {
    const simulator = await start(["--model", "m", "--default-embedding-dimensions", "8"], { POD_NAME: "p" });
    const openai = client(simulator);
    const first = await openai.embeddings.create({ model: "m", input: ["hello world", "a b c"] });
    assert.equal(first.object, "list");
    assert.equal(first.model, "m");
    assert.equal(first.data.length, 2);
    assert.deepEqual(
      first.data.map((item) => [item.object, item.index, item.embedding.length]),
      [
        ["embedding", 0, 8],
        ["embedding", 1, 8],
      ],
    );
    assert.deepEqual(first.usage, { prompt_tokens: 5, total_tokens: 5 });
    const again = await openai.embeddings.create({ model: "m", input: ["hello world", "a b c"] });
    assert.deepEqual(again.data, first.data, "same input, same vectors");
    assert.notDeepEqual(first.data[0].embedding, first.data[1].embedding);
    for (const value of first.data[0].embedding) assert.ok(value >= -1 && value < 1);

    const tokens = await post(
      simulator,
      "/v1/embeddings",
      JSON.stringify({ model: "m", input: [[5, 1030, 7]], dimensions: 5 }),
    );
    assert.equal(tokens.status, 200);
    const body = tokens.json as { data: { embedding: number[] }[]; usage: { prompt_tokens: number } };
    assert.deepEqual(body.data[0].embedding, expected([5, 1030, 7], 5));
    assert.equal(body.usage.prompt_tokens, 3);

    const single = await post(simulator, "/v1/embeddings", JSON.stringify({ input: [1, 2], dimensions: 3 }));
    assert.deepEqual(
      (single.json as { data: { embedding: number[] }[] }).data[0].embedding,
      expected([1, 2], 3),
    );

    const response = await fetch(`${simulator.url}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "x" }),
    });
    assert.equal(response.headers.get("x-inference-pod"), "p");
    assert.equal(response.headers.get("x-inference-port"), String(simulator.port));
  });

  it("encodes base64 as little-endian float32 (the OpenAI client's default)", async () => {
    const simulator = await start(["--model", "m"]);
    const answer = await post(
      simulator,
      "/v1/embeddings",
      JSON.stringify({ input: [[3, 300]], encoding_format: "base64", dimensions: 4 }),
    );
    const encoded = (answer.json as { data: { embedding: string }[] }).data[0].embedding;
    const bytes = Buffer.from(encoded, "base64");
    const decoded = Array.from({ length: 4 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(decoded, expected([3, 300], 4));
    // The client asks for base64 and decodes it itself; the default length is 384.
    const viaClient = await client(simulator).embeddings.create({ model: "m", input: "hello" });
    assert.equal(viaClient.data[0].embedding.length, 384);
  });

  it("refuses bad input with the peer's messages, and unknown models with 404", async () => {
    const simulator = await start(["--model", "m"]);
    const cases: [unknown, number, RegExp][] = [
      [{ input: "" }, 400, /^input cannot be an empty string$/],
      [{ input: [] }, 400, /^input is required and must be a non-empty string or array$/],
      [{}, 400, /^input is required and must be a non-empty string or array$/],
      [{ input: [1, "a"] }, 400, /input is required/],
      [{ input: "x", dimensions: 0 }, 400, /^dimensions must be at least 1$/],
      [{ input: "x", encoding_format: "int8" }, 400, /encoding_format/],
      [{ input: "x", model: "other" }, 404, /does not exist/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await post(simulator, "/v1/embeddings", JSON.stringify(body));
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.match((answer.json as { error: { message: string } }).error.message, message);
    }
  });
});
