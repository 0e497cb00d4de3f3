/**
 * Issue #15, point 13: `logprobs` / `top_logprobs`, through real HTTP and the official `openai` client.
 *
 * Shapes: vLLM (vllm-project/vllm, vllm/entrypoints/openai/chat_completion/serving.py `_create_chat_logprobs`
 * and `_get_top_logprobs`: exactly `top_logprobs` alternatives per token; completion/serving.py
 * `_create_completion_logprobs`: `text_offset` in characters, continued across stream chunks, and up to
 * `logprobs + 1` entries per `top_logprobs` map, the sampled token included). Values: the reference
 * (llm-d-inference-sim @ main, pkg/common/logprobs_utils.go): −1 − 0.1·(position mod 3) for the chosen
 * token, alternatives `<token>_<j>` 0.5·j lower. Limits and texts: vLLM's `check_logprobs` and its
 * `max_logprobs` (20) check.
 */
import assert from "node:assert/strict";
import type OpenAI from "openai";
import { splitTokens } from "../../src/generation/tokenizer";
import type { RunningSimulator } from "../../src/http/server";
import { client, post, start, stopAll } from "../helpers/simulator";

const CHAT = "/v1/chat/completions";
const TEXT = "/v1/completions";
const TEXT_IN = "Hello there, wörld 😀 ok!";

/** The reference's values: position p's token, and its j-th alternative. */
const expected = (position: number, alternative = 0) => -1 - (position % 3) * 0.1 - alternative * 0.5;
const utf8 = (text: string) => [...Buffer.from(text, "utf8")];

describe("logprobs (issue #15, 13)", () => {
  let echo: RunningSimulator;
  let random: RunningSimulator;
  let openaiEcho: OpenAI;
  let openaiRandom: OpenAI;

  before(async () => {
    echo = await start(["--model", "m", "--mode", "echo"]);
    random = await start(["--model", "r"]);
    openaiEcho = client(echo);
    openaiRandom = client(random);
  });
  after(stopAll);

  it("returns chat logprobs per token with exactly top_logprobs alternatives, chosen first, descending", async () => {
    const chat = await openaiEcho.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: TEXT_IN }],
      logprobs: true,
      top_logprobs: 3,
    });
    const content = chat.choices[0].logprobs?.content ?? [];
    const tokens = splitTokens(TEXT_IN);
    assert.deepEqual(
      content.map((entry) => entry.token),
      tokens,
    );
    content.forEach((entry, position) => {
      assert.equal(entry.logprob, expected(position));
      assert.deepEqual(entry.bytes, utf8(entry.token));
      assert.deepEqual(
        entry.top_logprobs.map((top) => [top.token, top.logprob, top.bytes]),
        [0, 1, 2].map((j) => {
          const token = j === 0 ? entry.token : `${entry.token}_${j}`;
          return [token, expected(position, j), utf8(token)];
        }),
      );
    });
    assert.ok(content.every((entry) => entry.logprob <= 0));
  });

  it("gives chat logprobs with top_logprobs [] when only logprobs is set, and null when not asked", async () => {
    const ask = (fields: object) =>
      openaiEcho.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "a b" }],
        ...fields,
      });
    const bare = await ask({ logprobs: true });
    assert.deepEqual(
      bare.choices[0].logprobs?.content?.map((entry) => entry.top_logprobs),
      [[], []],
    );
    assert.equal((await ask({})).choices[0].logprobs, null);
    assert.equal((await ask({ logprobs: false, top_logprobs: 0 })).choices[0].logprobs, null);
  });

  it("returns text logprobs in the legacy shape: offsets in characters, logprobs + the chosen token", async () => {
    const text = await openaiEcho.completions.create({ model: "m", prompt: TEXT_IN, logprobs: 2 });
    const logprobs = text.choices[0].logprobs;
    const tokens = splitTokens(TEXT_IN);
    assert.deepEqual(logprobs?.tokens, tokens);
    assert.deepEqual(
      logprobs?.token_logprobs,
      tokens.map((_, position) => expected(position)),
    );
    let offset = 0;
    const offsets = tokens.map((token) => {
      const at = offset;
      offset += [...token].length;
      return at;
    });
    assert.deepEqual(logprobs?.text_offset, offsets);
    assert.deepEqual(
      logprobs?.top_logprobs,
      tokens.map((token, position) => ({
        [token]: expected(position),
        [`${token}_1`]: expected(position, 1),
      })),
    );
    const zero = await openaiEcho.completions.create({ model: "m", prompt: "a b", logprobs: 0 });
    assert.deepEqual(zero.choices[0].logprobs?.top_logprobs, [{ "a ": -1 }, { b: -1.1 }]);
    const none = await openaiEcho.completions.create({ model: "m", prompt: "a b" });
    assert.equal(none.choices[0].logprobs, null);
  });

  it("streams chat logprobs: each token chunk carries its own token's entry", async () => {
    const stream = await openaiEcho.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: TEXT_IN }],
      logprobs: true,
      top_logprobs: 2,
      stream: true,
    });
    const entries: OpenAI.Chat.Completions.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        assert.equal(choice.logprobs?.content?.length, 1);
        assert.equal(choice.logprobs?.content?.[0].token, choice.delta.content);
        entries.push(...(choice.logprobs?.content ?? []));
      }
    }
    const whole = await openaiEcho.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: TEXT_IN }],
      logprobs: true,
      top_logprobs: 2,
    });
    assert.deepEqual(entries, whole.choices[0].logprobs?.content);
  });

  it("streams text logprobs with text_offset continued across chunks, as the whole answer has them", async () => {
    const stream = await openaiEcho.completions.create({
      model: "m",
      prompt: TEXT_IN,
      logprobs: 1,
      n: 2,
      stream: true,
    });
    const offsets: number[][] = [[], []];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (choice.text === "") continue;
        assert.deepEqual(choice.logprobs?.tokens, [choice.text]);
        offsets[choice.index].push(...(choice.logprobs?.text_offset ?? []));
      }
    }
    const whole = await openaiEcho.completions.create({ model: "m", prompt: TEXT_IN, logprobs: 1 });
    assert.deepEqual(offsets, [
      whole.choices[0].logprobs?.text_offset,
      whole.choices[0].logprobs?.text_offset,
    ]);
  });

  it("is deterministic under a request seed (random mode)", async () => {
    const ask = () =>
      openaiRandom.chat.completions.create({
        model: "r",
        messages: [{ role: "user", content: "hi" }],
        logprobs: true,
        top_logprobs: 5,
        n: 2,
        seed: 99,
      });
    const [a, b] = [await ask(), await ask()];
    assert.deepEqual(a.choices, b.choices);
    assert.ok(a.choices.every((choice) => (choice.logprobs?.content?.length ?? 0) > 0));
  });

  it("bounds the logprobs of a whole answer by --max-response-bytes / 16; a streamed one is not held", async () => {
    // 1,600 bytes: 100 entries; 20 echoed tokens with 4 alternatives are 100, with 5 120.
    const small = await start(["--model", "s", "--mode", "echo", "--max-response-bytes", "1600"]);
    const body = (fields: object) =>
      JSON.stringify({
        model: "s",
        messages: [{ role: "user", content: "a ".repeat(20) }],
        logprobs: true,
        ...fields,
      });
    assert.equal((await post(small, CHAT, body({ top_logprobs: 4 }))).status, 200);
    const over = await post(small, CHAT, body({ top_logprobs: 5 }));
    assert.equal(over.status, 400);
    const error = (over.json as { error: { message: string; param: string } }).error;
    assert.equal(error.param, "logprobs");
    assert.match(error.message, /120 entries .*at most 100 \(--max-response-bytes \/ 16\)/);
    const streamed = await post(small, CHAT, body({ top_logprobs: 5, stream: true }));
    assert.equal(streamed.status, 200);
    assert.equal(streamed.text.match(/"top_logprobs":\[/g)?.length, 20);
  });

  const bad: [string, string, object, string, string][] = [
    [
      "top_logprobs without logprobs",
      CHAT,
      { top_logprobs: 2 },
      "top_logprobs",
      "when using `top_logprobs`, `logprobs` must be set to true.",
    ],
    [
      "top_logprobs above 20",
      CHAT,
      { logprobs: true, top_logprobs: 21 },
      "top_logprobs",
      "Requested sample logprobs of 21, which is greater than max allowed: 20",
    ],
    [
      "negative top_logprobs",
      CHAT,
      { logprobs: true, top_logprobs: -1 },
      "top_logprobs",
      "`top_logprobs` must be a positive value.",
    ],
    ["chat logprobs a number", CHAT, { logprobs: 2 }, "logprobs", "'logprobs' must be a boolean"],
    [
      "text logprobs above 20",
      TEXT,
      { logprobs: 21 },
      "logprobs",
      "Requested sample logprobs of 21, which is greater than max allowed: 20",
    ],
    ["negative text logprobs", TEXT, { logprobs: -1 }, "logprobs", "`logprobs` must be a positive value."],
    ["text logprobs a boolean", TEXT, { logprobs: true }, "logprobs", "'logprobs' must be an integer"],
  ];
  for (const [name, path, fields, param, message] of bad) {
    it(`answers 400 for ${name}`, async () => {
      const base =
        path === CHAT
          ? { model: "m", messages: [{ role: "user", content: "hi" }] }
          : { model: "m", prompt: "hi" };
      const response = await post(echo, path, JSON.stringify({ ...base, ...fields }));
      assert.equal(response.status, 400, response.text);
      const error = (response.json as { error: { message: string; param: string } }).error;
      assert.deepEqual([error.param, error.message], [param, message]);
    });
  }
});
