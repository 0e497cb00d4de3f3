import assert from "node:assert/strict";
import { client, start, stopAll } from "../helpers/simulator";

/*
 * Peer: pkg/communication/http.go @ main (getRequestID: X-Request-Id when --enable-request-id-headers,
 * else a generated id; addResponseHeaders) and pkg/api/response.go @ main (id = "chatcmpl-" / "cmpl-" +
 * request id); its pkg/tests/http_server_test.go @ main, DescribeTable("request ID behavior").
 */
describe("--enable-request-id-headers (src/routes/completion-routes.ts)", () => {
  after(stopAll);

  it("names the completion after X-Request-Id, and echoes the header", async () => {
    const simulator = await start(["--model", "m", "--enable-request-id-headers"]);
    const openai = client(simulator);
    const chat = await openai.chat.completions
      .create(
        { model: "m", messages: [{ role: "user", content: "hi" }] },
        { headers: { "X-Request-Id": "req-42" } },
      )
      .withResponse();
    assert.equal(chat.data.id, "chatcmpl-req-42");
    assert.equal(chat.response.headers.get("x-request-id"), "req-42");

    const text = await openai.completions
      .create({ model: "m", prompt: "hi", stream: true }, { headers: { "X-Request-Id": "req-43" } })
      .withResponse();
    for await (const chunk of text.data) assert.equal(chunk.id, "cmpl-req-43");
    assert.equal(text.response.headers.get("x-request-id"), "req-43");

    // No header: the generated id is both the header and the completion's id.
    const generated = await openai.completions.create({ model: "m", prompt: "hi" }).withResponse();
    const header = generated.response.headers.get("x-request-id") ?? "";
    assert.match(header, /^[0-9a-f-]{36}$/);
    assert.equal(generated.data.id, `cmpl-${header}`);
  });

  it("leaves ids and headers alone without the flag", async () => {
    const simulator = await start(["--model", "m"]);
    const answer = await client(simulator)
      .completions.create({ model: "m", prompt: "hi" }, { headers: { "X-Request-Id": "req-44" } })
      .withResponse();
    assert.equal(answer.response.headers.get("x-request-id"), null);
    assert.match(answer.data.id, /^cmpl-[0-9a-f]{32}$/);
  });
});
