import assert from "node:assert/strict";
import type { RunningSimulator } from "../../src/http/server";
import { splitTokens, tokenId } from "../../src/generation/tokenizer";
import { metric, post, start, stopAll, waitFor } from "../helpers/simulator";

/*
 * --enable-kvcache through HTTP. Peer: pkg/kv-cache/kv_cache.go and block_cache.go @ v0.5.1 (blocks of
 * --block-size tokens, shared prefixes held once, unused blocks stay cached until evicted, the capacity
 * error), pkg/llm-d-inference-sim/request.go @ main (chat completions too, a full cache is an error —
 * a 500 there, 429 or 400 here, see block-cache.ts — prefix-cache counters in tokens), pkg/communication/http.go @ main (sleep discards the cache).
 * Our tokenizer makes "w1 w2 … wN" exactly N tokens.
 */
const words = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `w${from + i}`).join(" ");

const USAGE = "vllm:kv_cache_usage_perc";
const HITS = "vllm:prefix_cache_hits_total";
const QUERIES = "vllm:prefix_cache_queries_total";

async function complete(simulator: RunningSimulator, prompt: string, path = "/v1/completions") {
  const body =
    path === "/v1/completions"
      ? { model: "m", prompt, max_tokens: 2 }
      : { model: "m", messages: [{ role: "user", content: prompt }], max_tokens: 2 };
  return post(simulator, path, JSON.stringify(body));
}

/**
 * Starts a request that holds its blocks for a while (long TTFT) and waits until the usage gauge
 * shows `expectedUsage`; `answer` settles when the request ends.
 */
async function holding(simulator: RunningSimulator, prompt: string, expectedUsage: number) {
  const answer = complete(simulator, prompt);
  await waitFor(async () => (await metric(simulator, USAGE)) === expectedUsage);
  return { answer };
}

const kvFlags = (size: number) => [
  "--model",
  "m",
  "--enable-kvcache",
  "--zmq-endpoint",
  "",
  "--block-size",
  "8",
  "--kv-cache-size",
  String(size),
];

describe("KV cache over HTTP (src/kv-cache/kv-cache.ts)", () => {
  after(stopAll);

  it("counts floor(prompt tokens / block size) blocks while a request runs, none after it ends", async () => {
    const simulator = await start([...kvFlags(10), "--time-to-first-token", "400"]);
    const { answer } = await holding(simulator, words(0, 23), 0.2); // 23 tokens: 2 blocks of 8 of 10
    assert.equal((await answer).status, 200);
    assert.equal(await metric(simulator, USAGE), 0);
    assert.equal(await metric(simulator, "vllm:gpu_cache_usage_perc"), 0);
  });

  it("holds a prefix shared by running requests once", async () => {
    const simulator = await start([...kvFlags(10), "--time-to-first-token", "600"]);
    const { answer: first } = await holding(simulator, `${words(0, 16)} ${words(100, 8)}`, 0.3);
    const { answer: second } = await holding(simulator, `${words(0, 16)} ${words(200, 8)}`, 0.4); // 2 shared + 1 new
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
  });

  it("counts prefix-cache queries and hits in tokens: a repeated prompt hits its full blocks", async () => {
    const simulator = await start(kvFlags(100));
    assert.equal(await metric(simulator, QUERIES), 0);
    await complete(simulator, words(0, 20));
    assert.equal(await metric(simulator, QUERIES), 20);
    assert.equal(await metric(simulator, HITS), 0);
    await complete(simulator, words(0, 20));
    assert.equal(await metric(simulator, QUERIES), 40);
    assert.equal(await metric(simulator, HITS), 16, "2 blocks of 8; the partial block is not cached");
    await complete(simulator, `${words(0, 8)} ${words(50, 12)}`);
    assert.equal(await metric(simulator, HITS), 24, "the first block only");
  });

  it("tracks chat completions too (as the reference's main does)", async () => {
    const simulator = await start(kvFlags(100));
    const prompt = words(0, 40);
    assert.equal((await complete(simulator, prompt, "/v1/chat/completions")).status, 200);
    const queried = (await metric(simulator, QUERIES)) ?? 0;
    assert.ok(queried >= 40, `queried ${queried}`);
    await complete(simulator, prompt, "/v1/chat/completions");
    assert.equal(await metric(simulator, QUERIES), 2 * queried);
    assert.equal(await metric(simulator, HITS), Math.floor(queried / 8) * 8);
  });

  it("evicts unused blocks for new ones, so a cache smaller than the traffic keeps serving", async () => {
    const simulator = await start(kvFlags(2));
    for (let i = 0; i < 5; i++) assert.equal((await complete(simulator, words(i * 100, 16))).status, 200);
    await complete(simulator, words(400, 16));
    assert.equal(await metric(simulator, HITS), 16, "the last prompt is still cached");
    await complete(simulator, words(0, 16));
    assert.equal(await metric(simulator, HITS), 16, "the first was evicted");
  });

  it("answers 429 with the reference's message when the blocks in use leave no room (the peer: 500)", async () => {
    const simulator = await start([...kvFlags(2), "--time-to-first-token", "600"]);
    const { answer: first } = await holding(simulator, words(0, 16), 1);
    const refused = await complete(simulator, words(100, 8));
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.json, {
      error: {
        message: "the kv cache does not have sufficient capacity to store this request",
        type: "RateLimitError",
        param: null,
        code: 429,
      },
    });
    assert.equal((await first).status, 200);
    assert.equal((await complete(simulator, words(100, 8))).status, 200, "room again once it ended");
  });

  it("answers 400 to a prompt with more blocks than the whole cache (it can never fit)", async () => {
    const simulator = await start(kvFlags(2));
    const refused = await complete(simulator, words(0, 24));
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.json), /does not have sufficient capacity/);
    assert.equal((await complete(simulator, words(0, 16))).status, 200, "one that fits is served");
  });

  it("hashes every prompt of a list, and a token-id prompt from its ids (the same ids hit the same blocks)", async () => {
    const simulator = await start(kvFlags(100));
    const list = await post(
      simulator,
      "/v1/completions",
      JSON.stringify({ model: "m", prompt: [words(0, 16), words(100, 8)], max_tokens: 2 }),
    );
    assert.equal(list.status, 200);
    assert.equal(await metric(simulator, QUERIES), 24, "both prompts queried");
    const ids = splitTokens(words(100, 8)).map(tokenId);
    const byIds = await post(
      simulator,
      "/v1/completions",
      JSON.stringify({ model: "m", prompt: ids, max_tokens: 2 }),
    );
    assert.equal(byIds.status, 200);
    assert.equal(await metric(simulator, HITS), 8, "the second prompt's block, found by its token ids");
  });

  it("with --enable-request-id-headers, refuses a second running request with the same id (400; the peer: 500)", async () => {
    const simulator = await start([
      ...kvFlags(10),
      "--enable-request-id-headers",
      "--time-to-first-token",
      "600",
    ]);
    const headers = { "content-type": "application/json", "x-request-id": "same" };
    const body = (prompt: string) => JSON.stringify({ model: "m", prompt, max_tokens: 2 });
    const first = post(simulator, "/v1/completions", body(words(0, 8)), headers);
    await waitFor(async () => (await metric(simulator, USAGE)) === 0.1);
    const second = await post(simulator, "/v1/completions", body(words(100, 8)), headers);
    assert.equal(second.status, 400);
    assert.equal(
      (second.json as { error: { message: string } }).error.message,
      "request already exists for id same",
    );
    assert.equal((await first).status, 200);
  });

  it("without --enable-kvcache, counts no prefix-cache queries", async () => {
    const simulator = await start(["--model", "m"]);
    await complete(simulator, words(0, 20));
    await complete(simulator, words(0, 20));
    assert.equal(await metric(simulator, QUERIES), 0);
    assert.equal(await metric(simulator, HITS), 0);
  });

  it("sleeping discards the cache and stops caching; requests are still served; wake_up resumes", async () => {
    const simulator = await start([...kvFlags(100), "--enable-sleep-mode", "--time-to-first-token", "400"], {
      VLLM_SERVER_DEV_MODE: "1",
    });
    await complete(simulator, words(0, 16));
    assert.equal((await post(simulator, "/sleep", "")).status, 200);
    const asleep = await complete(simulator, words(0, 16));
    assert.equal(asleep.status, 200);
    assert.equal(await metric(simulator, HITS), 0, "the cache was discarded");
    await complete(simulator, words(0, 16));
    assert.equal(await metric(simulator, HITS), 0, "nothing is cached while asleep");
    assert.equal(await metric(simulator, QUERIES), 48, "lookups are still counted");
    await post(simulator, "/wake_up?tags=weights", "");
    await complete(simulator, words(0, 16));
    await complete(simulator, words(0, 16));
    assert.equal(await metric(simulator, HITS), 0, "tags=weights does not wake the cache");
    await post(simulator, "/wake_up?tags=kv_cache", "");
    await complete(simulator, words(0, 16));
    const { answer } = await holding(simulator, words(0, 16), 0.02);
    assert.equal(await metric(simulator, HITS), 16, "tracked again after tags=kv_cache");
    await answer;
  });
});
