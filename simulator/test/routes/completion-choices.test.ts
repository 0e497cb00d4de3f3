/**
 * Issue #15, points 12 and 14: `n` choices and `/v1/completions` prompt lists and token-id prompts, through
 * real HTTP and the official `openai` client.
 *
 * Followed: vLLM (vllm-project/vllm, vllm/entrypoints/openai/completion/serving.py,
 * request_output_to_completion_response: choice `index=len(choices)` over the prompts in order, so prompt
 * p's i-th choice is p·n + i; `prompt_tokens` summed over the prompts once each, `completion_tokens` over
 * all choices; completion_stream_generator: one usage chunk with the totals) and the reference
 * (llm-d-inference-sim @ main, pkg/llm-d-inference-sim/text_completion.go: split into len(prompt) × n
 * choices, ValidateBody's texts, tokenizedPromptForEcho: token ids echoed as "id0,id1,…").
 */
import assert from "node:assert/strict";
import type OpenAI from "openai";
import { countTokens } from "../../src/generation/tokenizer";
import type { RunningSimulator } from "../../src/http/server";
import { client, metric, post, start, stopAll } from "../helpers/simulator";

const IGNORE_EOS = { ignore_eos: true } as object;
const CHAT = "/v1/chat/completions";
const TEXT = "/v1/completions";

describe("n choices and prompt lists (issue #15, 12 and 14)", () => {
  let echo: RunningSimulator;
  let random: RunningSimulator;
  let openaiEcho: OpenAI;
  let openaiRandom: OpenAI;

  before(async () => {
    echo = await start(["--model", "m", "--mode", "echo", "--max-model-len", "32", "--max-choices", "6"]);
    random = await start(["--model", "r", "--seed", "5", "--tool-call-extra-call-probability", "0"]);
    openaiEcho = client(echo);
    openaiRandom = client(random);
  });
  after(stopAll);

  it("returns n chat choices indexed 0..n-1, prompt tokens counted once, completion tokens summed", async () => {
    const chat = await openaiRandom.chat.completions.create({
      model: "r",
      messages: [{ role: "user", content: "Tell me three things" }],
      n: 3,
      max_tokens: 6,
      ...IGNORE_EOS,
    });
    assert.deepEqual(
      chat.choices.map((choice) => choice.index),
      [0, 1, 2],
    );
    for (const choice of chat.choices) {
      assert.equal(choice.finish_reason, "length");
      assert.equal(countTokens(choice.message.content ?? ""), 6);
    }
    // Drawn from one generator, the choices differ (sentences of a large set).
    assert.ok(new Set(chat.choices.map((choice) => choice.message.content)).size > 1);
    assert.deepEqual(chat.usage, { prompt_tokens: 4, completion_tokens: 18, total_tokens: 22 });
  });

  it("gives the same n choices for the same seed", async () => {
    const ask = () =>
      openaiRandom.chat.completions.create({
        model: "r",
        messages: [{ role: "user", content: "again" }],
        n: 2,
        seed: 1234,
      });
    const [a, b] = [await ask(), await ask()];
    assert.deepEqual(
      a.choices.map((choice) => choice.message.content),
      b.choices.map((choice) => choice.message.content),
    );
  });

  it("streams n chat choices side by side: a role chunk and a finish chunk each, one usage chunk", async () => {
    const stream = await openaiEcho.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "one two three" }],
      n: 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts = ["", ""];
    const roles = [0, 0];
    const finishes: (string | null)[][] = [[], []];
    const usages: unknown[] = [];
    let ids = new Set<string>();
    for await (const chunk of stream) {
      ids = ids.add(chunk.id);
      if (chunk.usage) usages.push(chunk.usage);
      for (const choice of chunk.choices) {
        if (choice.delta.role) roles[choice.index]++;
        texts[choice.index] += choice.delta.content ?? "";
        if (choice.finish_reason) finishes[choice.index].push(choice.finish_reason);
      }
    }
    assert.equal(ids.size, 1);
    assert.deepEqual(texts, ["one two three", "one two three"]);
    assert.deepEqual(roles, [1, 1]);
    assert.deepEqual(finishes, [["stop"], ["stop"]]);
    assert.deepEqual(usages, [{ prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 }]);
  });

  it("answers a prompt list with one choice per prompt × n, index = prompt·n + i", async () => {
    const text = await openaiEcho.completions.create({
      model: "m",
      prompt: ["alpha beta", "gamma"],
      n: 2,
    });
    assert.deepEqual(
      text.choices.map((choice) => [choice.index, choice.text, choice.finish_reason]),
      [
        [0, "alpha beta", "stop"],
        [1, "alpha beta", "stop"],
        [2, "gamma", "stop"],
        [3, "gamma", "stop"],
      ],
    );
    assert.deepEqual(text.usage, { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 });
  });

  it("streams a prompt list: every chunk names its choice, each choice finishes once", async () => {
    const stream = await openaiEcho.completions.create({
      model: "m",
      prompt: ["a b c", "d"],
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts = ["", ""];
    const finishes = [0, 0];
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.text;
        if (choice.finish_reason) finishes[choice.index]++;
      }
    }
    assert.deepEqual(texts, ["a b c", "d"]);
    assert.deepEqual(finishes, [1, 1]);
    assert.deepEqual(usage, { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
  });

  it("counts token-id prompts by their ids, echoes them as the reference does, one choice per list", async () => {
    const single = await openaiEcho.completions.create({ model: "m", prompt: [11, 22, 33] });
    assert.equal(single.choices.length, 1);
    assert.equal(single.choices[0].text, "11,22,33");
    assert.deepEqual(single.usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
    const lists = await openaiEcho.completions.create({ model: "m", prompt: [[1, 2], [3]], max_tokens: 1 });
    assert.deepEqual(
      lists.choices.map((choice) => [choice.index, choice.text, choice.finish_reason]),
      [
        [0, "1,", "length"],
        [1, "3", "stop"],
      ],
    );
    assert.deepEqual(lists.usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("checks each prompt against --max-model-len, token-id prompts by their id count", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => i);
    const ok = await post(echo, TEXT, JSON.stringify({ model: "m", prompt: [[1], ids], max_tokens: 2 }));
    assert.equal(ok.status, 200, ok.text);
    const over = await post(echo, TEXT, JSON.stringify({ model: "m", prompt: [[1], ids], max_tokens: 3 }));
    assert.equal(over.status, 400);
    assert.match(
      (over.json as { error: { message: string } }).error.message,
      /maximum context length is 32 tokens\. However, you requested 33 tokens \(30 in the messages, 3 in the completion\)/,
    );
  });

  const bad: [string, string, object, string, RegExp][] = [
    ["an empty prompt list", TEXT, { prompt: [] }, "prompt", /at least one prompt/],
    ["an empty token-id list", TEXT, { prompt: [[1], []] }, "prompt[1]", /empty token-id array/],
    ["strings mixed with ids", TEXT, { prompt: ["a", 1] }, "prompt[1]", /must be a string/],
    ["ids mixed with strings", TEXT, { prompt: [1, "a"] }, "prompt[1]", /token id/],
    ["lists mixed with strings", TEXT, { prompt: [[1], "a"] }, "prompt[1]", /must be a string, a list/],
    ["a fractional token id", TEXT, { prompt: [1, 2.5] }, "prompt[1]", /token id/],
    ["a negative token id", TEXT, { prompt: [[-1]] }, "prompt[0][0]", /token id/],
    ["a token id beyond uint32", TEXT, { prompt: [2 ** 32] }, "prompt[0]", /token id/],
    ["n zero", CHAT, { n: 0 }, "n", /at least 1/],
    ["n a fraction", CHAT, { n: 1.5 }, "n", /integer/],
    ["n a string", TEXT, { n: "2" }, "n", /integer/],
    ["more choices than --max-choices", CHAT, { n: 7 }, "n", /at most 6 choices .*asks for 7/],
    ["n × prompts beyond --max-choices", TEXT, { prompt: ["a", "b"], n: 4 }, "n", /asks for 8/],
  ];
  for (const [name, path, fields, param, message] of bad) {
    it(`answers 400 for ${name}`, async () => {
      const base =
        path === CHAT ? { model: "m", messages: [{ role: "user", content: "hi" }] } : { model: "m" };
      const response = await post(echo, path, JSON.stringify({ ...base, ...fields }));
      assert.equal(response.status, 400, response.text);
      const error = (response.json as { error: { message: string; param: string } }).error;
      assert.equal(error.param, param);
      assert.match(error.message, message);
    });
  }

  it("gives every choice its own tool calls (ids unique across choices)", async () => {
    const chat = await openaiRandom.chat.completions.create({
      model: "r",
      messages: [{ role: "user", content: "book" }],
      n: 3,
      tool_choice: "required",
      tools: [
        {
          type: "function",
          function: {
            name: "book",
            parameters: { type: "object", properties: { seats: { type: "integer" } }, required: ["seats"] },
          },
        },
      ],
    });
    assert.equal(chat.choices.length, 3);
    const ids = chat.choices.flatMap((choice) => {
      assert.equal(choice.finish_reason, "tool_calls");
      assert.equal(choice.logprobs, null);
      return (choice.message.tool_calls ?? []).map((call) => call.id);
    });
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3);
  });

  it("streams n tool-call choices, each call piece under its own choice index", async () => {
    const response = await post(
      random,
      CHAT,
      JSON.stringify({
        model: "r",
        messages: [{ role: "user", content: "book" }],
        n: 2,
        stream: true,
        tool_choice: "required",
        tools: [
          { type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } },
        ],
      }),
    );
    assert.equal(response.status, 200);
    const arguments_ = ["", ""];
    const finishes = [0, 0];
    for (const line of response.text.split("\n")) {
      if (!line.startsWith("data: {")) continue;
      const chunk = JSON.parse(line.slice(6)) as {
        choices: {
          index: number;
          delta: { tool_calls?: { function: { arguments: string } }[] };
          finish_reason: string | null;
        }[];
      };
      for (const choice of chunk.choices) {
        arguments_[choice.index] += choice.delta.tool_calls?.[0].function.arguments ?? "";
        if (choice.finish_reason) finishes[choice.index]++;
      }
    }
    assert.deepEqual(arguments_, ["{}", "{}"]);
    assert.deepEqual(finishes, [1, 1]);
  });

  it("keeps the metrics per prompt: one request each, its n choices' tokens together", async () => {
    const sim = await start(["--model", "k", "--mode", "echo"]);
    const read = async () => ({
      success: (await metric(sim, "vllm:request_success_total", { finish_reason: "stop" })) ?? 0,
      prompt: (await metric(sim, "vllm:prompt_tokens_total")) ?? 0,
      generation: (await metric(sim, "vllm:generation_tokens_total")) ?? 0,
      maxGeneration: (await metric(sim, "vllm:max_num_generation_tokens_sum")) ?? 0,
    });
    const before = await read();
    await client(sim).completions.create({ model: "k", prompt: ["one two", "three"], n: 3 });
    const after = await read();
    assert.deepEqual(
      {
        success: after.success - before.success,
        prompt: after.prompt - before.prompt,
        generation: after.generation - before.generation,
        maxGeneration: after.maxGeneration - before.maxGeneration,
      },
      // Two prompts: 2 + 1 prompt tokens; 3 choices of 2 and 3 of 1 tokens; longest choices 2 and 1.
      { success: 2, prompt: 3, generation: 9, maxGeneration: 3 },
    );
  });
});
