import assert from "node:assert/strict";
import OpenAI from "openai";
import { client, metric, start, stopAll, waitFor } from "../helpers/simulator";

/** vLLM's `ignore_eos` (not in the OpenAI types). */
const IGNORE_EOS = { ignore_eos: true } as object;

/** A long streamed chat request (30 tokens, 100 ms apart) that can be aborted. */
function slowStream(openai: OpenAI) {
  const controller = new AbortController();
  const request = openai.chat.completions.create(
    {
      model: "m",
      messages: [{ role: "user", content: "go" }],
      stream: true,
      max_tokens: 30,
      ...IGNORE_EOS,
    },
    { signal: controller.signal },
  );
  const consumed = (async () => {
    try {
      for await (const chunk of await request) void chunk;
    } catch {
      // aborted
    }
  })();
  return { abort: () => controller.abort(), consumed };
}

describe("simulator scheduling", () => {
  after(stopAll);

  it("runs at most max-num-seqs streams (until their last token) and queues the rest; metrics follow", async () => {
    const simulator = await start(["--model", "m", "--max-num-seqs", "2", "--inter-token-latency", "100ms"]);
    const openai = client(simulator);
    const streams = [slowStream(openai), slowStream(openai), slowStream(openai), slowStream(openai)];
    await waitFor(async () => (await metric(simulator, "vllm:num_requests_waiting")) === 2);
    assert.equal(await metric(simulator, "vllm:num_requests_running", { model_name: "m" }), 2);
    assert.equal(await metric(simulator, "vllm:num_requests_waiting", { model_name: "m" }), 2);
    assert.ok(((await metric(simulator, "vllm:kv_cache_usage_perc")) ?? 0) > 0);

    // A client going away frees its slot at once: a waiting stream takes it.
    streams[0].abort();
    await waitFor(async () => (await metric(simulator, "vllm:num_requests_waiting")) === 1);
    assert.equal(await metric(simulator, "vllm:num_requests_running"), 2);

    for (const stream of streams) stream.abort();
    await Promise.all(streams.map((stream) => stream.consumed));
    await waitFor(async () => (await metric(simulator, "vllm:num_requests_running")) === 0);
    assert.equal(await metric(simulator, "vllm:num_requests_waiting"), 0);
    assert.equal(simulator.state.scheduler.running, 0);
  });

  it("answers 429 when the waiting queue is full", async () => {
    const simulator = await start([
      "--model",
      "m",
      "--max-num-seqs",
      "1",
      "--max-waiting-queue-length",
      "1",
      "--inter-token-latency",
      "100ms",
    ]);
    const openai = client(simulator);
    const first = slowStream(openai);
    const second = slowStream(openai);
    await waitFor(async () => (await metric(simulator, "vllm:num_requests_waiting")) === 1);
    await assert.rejects(
      openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: "one more" }] }),
      // The peer's text: pkg/tests/worker_test.go and text_completions_test.go @ main match on it.
      (error: unknown) =>
        error instanceof OpenAI.RateLimitError &&
        error.status === 429 &&
        error.message.includes("waiting requests queue is full"),
    );
    first.abort();
    second.abort();
    await Promise.all([first.consumed, second.consumed]);
  });

  it("takes TTFT + (n−1)·ITL for a whole answer and spaces streamed tokens", async () => {
    const simulator = await start([
      "--model",
      "m",
      "--time-to-first-token",
      "200ms",
      "--inter-token-latency",
      "20",
    ]);
    const openai = client(simulator);
    let begin = performance.now();
    const whole = await openai.completions.create({
      model: "m",
      prompt: "x",
      max_tokens: 11,
      ...IGNORE_EOS,
    });
    const wholeMs = performance.now() - begin;
    assert.equal(whole.usage?.completion_tokens, 11);
    assert.ok(wholeMs >= 395 && wholeMs < 2000, `whole answer took ${wholeMs} ms, expected about 400`);

    begin = performance.now();
    const stream = await openai.completions.create({
      model: "m",
      prompt: "x",
      max_tokens: 6,
      stream: true,
      ...IGNORE_EOS,
    });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.text) arrivals.push(performance.now() - begin);
    assert.equal(arrivals.length, 6);
    assert.ok(
      arrivals[0] >= 195 && arrivals[0] < 1500,
      `first token after ${arrivals[0]} ms, expected about 200`,
    );
    const span = arrivals[5] - arrivals[0];
    assert.ok(span >= 50 && span < 1500, `5 gaps took ${span} ms, expected about 100`);
  });
});
