import assert from "node:assert/strict";
import type { RunningSimulator } from "../../src/http/server";
import { post, start, stopAll } from "../helpers/simulator";

const CHAT = "/v1/chat/completions";
const TEXT = "/v1/completions";
const messages = [{ role: "user", content: "hi" }];

/** Bad inputs and the status each must get: never a 5xx, always the OpenAI error body. */
const BAD_INPUTS: readonly [string, string, string, number][] = [
  ["malformed JSON", CHAT, '{"model": "m", "messages": [', 400],
  ["not JSON at all", CHAT, "hello", 400],
  ["empty body", CHAT, "", 400],
  ["JSON null", CHAT, "null", 400],
  ["a JSON string", CHAT, '"text"', 400],
  ["a JSON number", TEXT, "42", 400],
  ["an array instead of an object", CHAT, JSON.stringify([{ model: "m", messages }]), 400],
  ["missing messages", CHAT, JSON.stringify({ model: "m" }), 400],
  ["messages not an array", CHAT, JSON.stringify({ model: "m", messages: "hi" }), 400],
  ["messages empty", CHAT, JSON.stringify({ model: "m", messages: [] }), 400],
  ["a message that is an array", CHAT, JSON.stringify({ model: "m", messages: [["user", "hi"]] }), 400],
  ["message without role", CHAT, JSON.stringify({ model: "m", messages: [{ content: "hi" }] }), 400],
  [
    "content of the wrong type",
    CHAT,
    JSON.stringify({ model: "m", messages: [{ role: "user", content: 5 }] }),
    400,
  ],
  [
    "content part of unknown type",
    CHAT,
    JSON.stringify({ model: "m", messages: [{ role: "user", content: [{ type: "hologram" }] }] }),
    400,
  ],
  ["model not a string", CHAT, JSON.stringify({ model: ["m"], messages }), 400],
  ["max_tokens a string", CHAT, JSON.stringify({ model: "m", messages, max_tokens: "10" }), 400],
  ["max_tokens a fraction", CHAT, JSON.stringify({ model: "m", messages, max_tokens: 1.5 }), 400],
  ["max_tokens huge", CHAT, JSON.stringify({ model: "m", messages, max_tokens: 1e300 }), 400],
  [
    "max_tokens beyond float range",
    CHAT,
    `{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1e400}`,
    400,
  ],
  ["max_tokens negative", TEXT, JSON.stringify({ model: "m", prompt: "x", max_tokens: -1 }), 400],
  ["stream not a boolean", CHAT, JSON.stringify({ model: "m", messages, stream: "yes" }), 400],
  [
    "stream_options an array",
    CHAT,
    JSON.stringify({ model: "m", messages, stream: true, stream_options: [] }),
    400,
  ],
  ["tools an object", CHAT, JSON.stringify({ model: "m", messages, tools: { a: 1 } }), 400],
  [
    "tool without a name",
    CHAT,
    JSON.stringify({ model: "m", messages, tools: [{ type: "function", function: {} }] }),
    400,
  ],
  [
    "tool schema with a bad type",
    CHAT,
    JSON.stringify({
      model: "m",
      messages,
      tools: [
        {
          type: "function",
          function: { name: "f", parameters: { type: "object", properties: { a: { type: "color" } } } },
        },
      ],
    }),
    400,
  ],
  [
    "tool_choice naming a missing tool",
    CHAT,
    JSON.stringify({ model: "m", messages, tool_choice: { type: "function", function: { name: "f" } } }),
    400,
  ],
  ["missing prompt", TEXT, JSON.stringify({ model: "m" }), 400],
  ["prompt an object", TEXT, JSON.stringify({ model: "m", prompt: { text: "x" } }), 400],
  ["prompt mixing token ids and text", TEXT, JSON.stringify({ model: "m", prompt: [1, "2", 3] }), 400],
  ["unknown model", TEXT, JSON.stringify({ model: "other", prompt: "x" }), 404],
  ["tokenize with prompt and messages", "/tokenize", JSON.stringify({ prompt: "x", messages }), 400],
  ["tokenize with neither", "/tokenize", JSON.stringify({}), 400],
  ["LoRA load without a name", "/v1/load_lora_adapter", JSON.stringify({ lora_path: "/x" }), 400],
  ["unknown path", "/v1/no-such-endpoint", JSON.stringify({ input: "x" }), 404],
];

describe("simulator robustness", () => {
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await start(["--model", "m", "--mode", "echo", "--max-request-body-size-mb", "1"]);
  });
  after(stopAll);

  for (const [name, path, body, status] of BAD_INPUTS) {
    it(`answers ${status} with an OpenAI error body for ${name}`, async () => {
      const response = await post(simulator, path, body);
      assert.equal(response.status, status, response.text);
      assert.match(response.contentType, /^application\/json/);
      const error = (response.json as { error: { message: string; type: string; code: number } }).error;
      assert.equal(typeof error.message, "string");
      assert.equal(error.code, status);
      assert.equal(error.type, status === 404 ? "NotFoundError" : "BadRequestError");
    });
  }

  it("answers 413 with a JSON error for a body over --max-request-body-size-mb", async () => {
    const big = JSON.stringify({ model: "m", prompt: "x".repeat(1024 * 1024 + 10) });
    const response = await post(simulator, TEXT, big);
    assert.equal(response.status, 413);
    assert.match((response.json as { error: { message: string } }).error.message, /larger than 1 MiB/);
    // The server is still fine afterwards.
    const ok = await post(simulator, TEXT, JSON.stringify({ model: "m", prompt: "still here" }));
    assert.equal(ok.status, 200);
  });

  it("reads JSON whatever the content type says (curl -d sends form encoding)", async () => {
    const response = await post(simulator, TEXT, JSON.stringify({ prompt: "plain curl" }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    assert.equal(response.status, 200);
    assert.equal((response.json as { choices: { text: string }[] }).choices[0].text, "plain curl");
  });

  it("defaults to the 4 MiB body limit", async () => {
    const other = await start(["--model", "m"]);
    const justUnder = JSON.stringify({ model: "m", prompt: "y".repeat(4 * 1024 * 1024 - 1024) });
    assert.ok(Buffer.byteLength(justUnder) > 4 * 1024 * 1024 - 1024);
    const under = await post(other, "/tokenize", justUnder);
    assert.equal(under.status, 200);
    const over = await post(other, "/tokenize", JSON.stringify({ prompt: "z".repeat(4 * 1024 * 1024) }));
    assert.equal(over.status, 413);
  });

  it("echoes X-Request-Id with --enable-request-id-headers", async () => {
    const simulator = await start(["--model", "m", "--enable-request-id-headers"]);
    const response = await fetch(`${simulator.url}/v1/models`, { headers: { "x-request-id": "abc-123" } });
    assert.equal(response.headers.get("x-request-id"), "abc-123");
    const generated = await fetch(`${simulator.url}/v1/models`);
    assert.match(generated.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });
});
