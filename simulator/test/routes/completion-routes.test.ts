import assert from "node:assert/strict";
import OpenAI from "openai";
import { countTokens } from "../../src/generation/tokenizer";
import type { RunningSimulator } from "../../src/http/server";
import { client, start, stopAll } from "../helpers/simulator";

/** vLLM's `ignore_eos` (not in the OpenAI types). */
const IGNORE_EOS = { ignore_eos: true } as object;

const PROMPT = "Hello there, how are you today? I hope: all (mostly) fine!";

async function expectApiError(promise: Promise<unknown>, status: number, type: string, message?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal((error.error as { type?: string }).type, type);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe("simulator completions (OpenAI client)", () => {
  let echo: RunningSimulator;
  let random: RunningSimulator;
  let openaiEcho: OpenAI;
  let openaiRandom: OpenAI;

  before(async () => {
    echo = await start(["--model", "org/echo-model", "--mode", "echo", "--max-model-len", "64"], {
      POD_NAME: "pod-1",
      POD_NAMESPACE: "llm",
    });
    random = await start([
      "--model",
      "random-model",
      "--served-model-name",
      "alias-a",
      "alias-b",
      "--seed",
      "7",
    ]);
    openaiEcho = client(echo);
    openaiRandom = client(random);
  });
  after(stopAll);

  it("echoes the last user message exactly, with usage counted the reference's way", async () => {
    const { data, response } = await openaiEcho.chat.completions
      .create({
        model: "org/echo-model",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "first question" },
          { role: "assistant", content: "an answer" },
          { role: "user", content: PROMPT },
        ],
      })
      .withResponse();
    assert.equal(data.object, "chat.completion");
    assert.match(data.id, /^chatcmpl-/);
    assert.equal(data.model, "org/echo-model");
    assert.equal(data.choices[0].message.role, "assistant");
    assert.equal(data.choices[0].message.content, PROMPT);
    assert.equal(data.choices[0].finish_reason, "stop");
    const prompt = "Be brief. first question an answer " + PROMPT;
    assert.deepEqual(data.usage, {
      prompt_tokens: countTokens(prompt),
      completion_tokens: countTokens(PROMPT),
      total_tokens: countTokens(prompt) + countTokens(PROMPT),
    });
    assert.equal(countTokens(PROMPT), 17);
    assert.equal(response.headers.get("x-inference-pod"), "pod-1");
    assert.equal(response.headers.get("x-inference-namespace"), "llm");
  });

  it("cuts the echo to max tokens with finish_reason length (max_completion_tokens wins)", async () => {
    const chat = await openaiEcho.chat.completions.create({
      model: "org/echo-model",
      messages: [{ role: "user", content: PROMPT }],
      max_tokens: 50,
      max_completion_tokens: 4,
    });
    assert.equal(chat.choices[0].message.content, "Hello there, how");
    assert.equal(chat.choices[0].finish_reason, "length");
    assert.equal(chat.usage?.completion_tokens, 4);

    const text = await openaiEcho.completions.create({
      model: "org/echo-model",
      prompt: PROMPT,
      max_tokens: 6,
    });
    assert.equal(text.object, "text_completion");
    assert.match(text.id, /^cmpl-/);
    assert.equal(text.choices[0].text, "Hello there, how are you");
    assert.equal(text.choices[0].finish_reason, "length");
    assert.deepEqual(text.usage, { prompt_tokens: 17, completion_tokens: 6, total_tokens: 23 });
  });

  it("keeps random answers within the token bounds and ignore_eos exact", async () => {
    for (let i = 0; i < 20; i++) {
      const free = await openaiRandom.chat.completions.create({
        model: "alias-b",
        messages: [{ role: "user", content: "hi" }],
      });
      const tokens = free.usage?.completion_tokens ?? 0;
      assert.ok(tokens >= 1 && tokens <= 128, `free length ${tokens}`);
      assert.equal(countTokens(free.choices[0].message.content ?? ""), tokens);
      assert.equal(free.model, "alias-a");
      assert.equal(free.choices[0].finish_reason, "stop");

      const limited = await openaiRandom.completions.create({
        model: "alias-a",
        prompt: "hi",
        max_tokens: 10,
      });
      const limitedTokens = limited.usage?.completion_tokens ?? 0;
      assert.ok(limitedTokens >= 1 && limitedTokens <= 10, `limited length ${limitedTokens}`);
      assert.equal(countTokens(limited.choices[0].text), limitedTokens);
      assert.equal(limited.choices[0].finish_reason, limitedTokens === 10 ? "length" : "stop");

      const exact = await openaiRandom.chat.completions.create({
        model: "alias-a",
        messages: [{ role: "user", content: "hi" }],
        max_completion_tokens: 25,
        ...IGNORE_EOS,
      });
      assert.equal(exact.usage?.completion_tokens, 25);
      assert.equal(countTokens(exact.choices[0].message.content ?? ""), 25);
      assert.equal(exact.choices[0].finish_reason, "length");
    }
  });

  it("streams chat with one id, the role first, one token per chunk, then finish and usage", async () => {
    const stream = await openaiEcho.chat.completions.create({
      model: "org/echo-model",
      messages: [{ role: "user", content: PROMPT }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const ids = new Set(chunks.map((chunk) => chunk.id));
    assert.equal(ids.size, 1);
    assert.equal(chunks[0].object, "chat.completion.chunk");
    assert.deepEqual(chunks[0].choices[0].delta, { role: "assistant" });
    const content = chunks.slice(1, -2).map((chunk) => chunk.choices[0].delta.content);
    assert.equal(content.length, 17);
    assert.equal(content.join(""), PROMPT);
    assert.equal(chunks.at(-2)?.choices[0].finish_reason, "stop");
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 17, completion_tokens: 17, total_tokens: 34 });
  });

  it("streams text completions without usage unless asked", async () => {
    const stream = await openaiEcho.completions.create({
      model: "org/echo-model",
      prompt: PROMPT,
      max_tokens: 3,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.ok(
      chunks.every(
        (chunk) => chunk.object === "text_completion" && (chunk.usage === null || chunk.usage === undefined),
      ),
    );
    assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1);
    assert.equal(chunks.map((chunk) => chunk.choices[0].text).join(""), "Hello there,");
    assert.equal(chunks.at(-1)?.choices[0].finish_reason, "length");
  });

  it("answers 400 when prompt plus max tokens exceed the context window", async () => {
    const prompt = "word ".repeat(60).trim();
    await expectApiError(
      openaiEcho.completions.create({ model: "org/echo-model", prompt, max_tokens: 10 }),
      400,
      "BadRequestError",
      /maximum context length is 64 tokens\. However, you requested 70 tokens \(60 in the messages, 10 in the completion\)/,
    );
    // Within the window the prompt alone is fine.
    const ok = await openaiEcho.completions.create({ model: "org/echo-model", prompt, max_tokens: 4 });
    assert.equal(ok.usage?.prompt_tokens, 60);
  });

  it("echoes nothing, with finish_reason length, when the prompt fills the whole context window", async () => {
    const prompt = "word ".repeat(64).trim();
    const full = await openaiEcho.completions.create({ model: "org/echo-model", prompt });
    assert.equal(full.usage?.prompt_tokens, 64);
    assert.equal(full.usage?.completion_tokens, 0);
    assert.equal(full.choices[0].text, "");
    assert.equal(full.choices[0].finish_reason, "length");
  });

  it("answers 404 for an unknown model and 400 for max tokens ≤ 0 or ignore_eos without max tokens", async () => {
    await expectApiError(
      openaiEcho.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] }),
      404,
      "NotFoundError",
      /The model `nope` does not exist\./,
    );
    await expectApiError(
      openaiEcho.chat.completions.create({
        model: "org/echo-model",
        messages: [{ role: "user", content: "x" }],
        max_tokens: 0,
      }),
      400,
      "BadRequestError",
    );
    await expectApiError(
      openaiEcho.completions.create({ model: "org/echo-model", prompt: "x", max_tokens: -3 }),
      400,
      "BadRequestError",
    );
    await expectApiError(
      openaiEcho.chat.completions.create({
        model: "org/echo-model",
        messages: [{ role: "user", content: "x" }],
        ...IGNORE_EOS,
      }),
      400,
      "BadRequestError",
    );
  });

  it("gives the same answers for the same seed", async () => {
    const ask = async (simulator: RunningSimulator) => {
      const openai = client(simulator);
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const answer = await openai.chat.completions.create({
          model: "m",
          messages: [{ role: "user", content: "?" }],
        });
        answers.push(answer.choices[0].message.content);
      }
      return answers;
    };
    const first = await ask(await start(["--model", "m", "--seed", "123"]));
    const second = await ask(await start(["--model", "m", "--seed", "123"]));
    const other = await ask(await start(["--model", "m", "--seed", "124"]));
    assert.deepEqual(first, second);
    assert.notDeepEqual(first, other);
    // A request's own seed fixes its answer too.
    const bySeed = async () =>
      (
        await openaiRandom.chat.completions.create({
          model: "alias-a",
          messages: [{ role: "user", content: "?" }],
          seed: 99,
        })
      ).choices[0].message.content;
    assert.equal(await bySeed(), await bySeed());
  });
});
