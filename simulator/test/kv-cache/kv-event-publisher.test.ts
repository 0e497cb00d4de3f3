import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { decode } from "@msgpack/msgpack";
import { Subscriber } from "zeromq";
import { startSimulator } from "../../src/http/server";
import type { RunningSimulator } from "../../src/http/server";
import { splitTokens, tokenId } from "../../src/generation/tokenizer";
import { blockHashes, rootBlockHash } from "../../src/kv-cache/block-hashes";
import { post, start, stopAll } from "../helpers/simulator";

/*
 * KV events end to end, a real ZeroMQ SUB socket against the simulator's PUB. Peer (llm-d-inference-sim
 * @ v0.5.1): pkg/common/publisher.go (PUB connects to the endpoint; frames [topic, seq 8-byte big-endian,
 * msgpack payload]), pkg/kv-cache/kv_cache_sender.go (batches of --event-batch-size, else each second;
 * EventBatch [ts, events, data_parallel_rank]), pkg/kv-cache/block_cache.go (topic
 * kv@$localhost:<port>@<model>; one event per stored / evicted block), pkg/kv-cache/kv_cache_test.go
 * (createSub binds the SUB, parseEvent decodes the tagged unions); event shapes from
 * llm-d-kv-cache-manager @ v0.3.0-rc1, pkg/kvcache/kvevents/events.go; AllBlocksCleared on sleep from
 * pkg/kv-cache/block_cache.go @ main.
 */
interface Message {
  topic: string;
  seq: bigint;
  ts: unknown;
  events: unknown[][];
  rank: unknown;
}

const words = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `w${from + i}`).join(" ");

async function subscriber(): Promise<{ sub: Subscriber; endpoint: string }> {
  const sub = new Subscriber({ receiveTimeout: 3000, linger: 0 });
  await sub.bind("tcp://127.0.0.1:*");
  sub.subscribe("kv@");
  return { sub, endpoint: sub.lastEndpoint ?? "" };
}

async function receive(sub: Subscriber, timeoutMs = 3000): Promise<Message> {
  sub.receiveTimeout = timeoutMs;
  const frames = await sub.receive();
  assert.equal(frames.length, 3, "[topic, seq, payload]");
  const [topic, seq, payload] = frames;
  assert.equal(seq.length, 8);
  const batch = decode(payload, { useBigInt64: true }) as unknown[];
  assert.ok(Array.isArray(batch) && batch.length === 3, "EventBatch is an array of 3");
  return {
    topic: topic.toString(),
    seq: seq.readBigUInt64BE(0),
    ts: batch[0],
    events: batch[1] as unknown[][],
    rank: batch[2],
  };
}

/** Sleeps (an AllBlocksCleared event) until the subscriber gets one: the PUB/SUB connection is up. */
async function connected(simulator: RunningSimulator, sub: Subscriber): Promise<Message> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await post(simulator, "/sleep", "");
    try {
      let message = await receive(sub, 1500);
      // An earlier attempt's event may still be on its way: the last one is the latest.
      for (;;) {
        try {
          message = await receive(sub, 300);
        } catch {
          break;
        }
      }
      await post(simulator, "/wake_up", "");
      return message;
    } catch (error) {
      if ((error as { code?: string }).code !== "EAGAIN") throw error;
    }
  }
  throw new Error("no KV event reached the subscriber");
}

/**
 * Starts a simulator with `args` in a fresh process and says whether zeromq's native module got loaded
 * (its addon.node mapped into the process).
 */
function loadsZeromq(args: readonly string[]): boolean {
  const script = `
    const { startSimulator } = require("./simulator/src/http/server");
    startSimulator({ args: ${JSON.stringify(args)} }).then(async (simulator) => {
      const maps = require("node:fs").readFileSync("/proc/self/maps", "utf8");
      await simulator.close();
      process.stdout.write(String(/zeromq.*addon\\.node/.test(maps)));
      process.exit(0);
    });`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: path.join(__dirname, "..", "..", ".."),
    encoding: "utf8",
    timeout: 15_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout === "true";
}

const hashesOf = (prompt: string, blockSize: number, seed: string) =>
  blockHashes(splitTokens(prompt).map(tokenId), blockSize, rootBlockHash(seed));

describe("KV events over ZeroMQ (src/kv-cache/kv-event-publisher.ts)", () => {
  const subs: Subscriber[] = [];
  after(async () => {
    await stopAll();
    for (const sub of subs) sub.close();
  });

  it("publishes BlockStored / BlockRemoved / AllBlocksCleared on the reference's topic, frames and shapes", async () => {
    const { sub, endpoint } = await subscriber();
    subs.push(sub);
    const simulator = await start(
      [
        "--model",
        "org/m",
        "--served-model-name",
        "alias",
        "--enable-kvcache",
        "--zmq-endpoint",
        endpoint,
        "--event-batch-size",
        "1",
        "--block-size",
        "8",
        "--kv-cache-size",
        "2",
        "--hash-seed",
        "42",
        "--enable-sleep-mode",
      ],
      { VLLM_SERVER_DEV_MODE: "1" },
    );
    const cleared = await connected(simulator, sub);
    assert.equal(cleared.topic, `kv@$localhost:${simulator.port}@org/m`);
    assert.deepEqual(cleared.events, [["AllBlocksCleared"]]);
    assert.equal(cleared.rank, 0);
    assert.equal(typeof cleared.ts, "number");
    const now = Date.now() / 1000;
    assert.ok(Math.abs((cleared.ts as number) - now) < 60, "ts is Unix seconds");

    const first = `${words(0, 16)} ${words(900, 3)}`; // 2 full blocks, 3 tokens dropped
    await post(
      simulator,
      "/v1/completions",
      JSON.stringify({ model: "alias", prompt: first, max_tokens: 1 }),
    );
    const [h1, h2] = hashesOf(first, 8, "42");
    const stored1 = await receive(sub);
    const stored2 = await receive(sub);
    assert.equal(stored1.seq, cleared.seq + 1n);
    assert.equal(stored2.seq, cleared.seq + 2n);
    assert.deepEqual(stored1.events, [["BlockStored", [h1], null, null, 0, null]]);
    assert.deepEqual(stored2.events, [["BlockStored", [h2], null, null, 0, null]]);

    // A new block in the full cache evicts the least recently released one (the first).
    const second = words(500, 8);
    await post(
      simulator,
      "/v1/chat/completions",
      JSON.stringify({ model: "alias", messages: [{ role: "user", content: second }], max_tokens: 1 }),
    );
    const removed = await receive(sub);
    assert.deepEqual(removed.events, [["BlockRemoved", [h1]]]);
    const stored3 = await receive(sub);
    assert.equal(stored3.events[0]?.[0], "BlockStored");
    assert.equal(stored3.seq, cleared.seq + 4n);
  });

  it("batches up to --event-batch-size events in one message, and sends a partial batch within a second", async () => {
    const { sub, endpoint } = await subscriber();
    subs.push(sub);
    const simulator = await start(
      [
        "--model",
        "m",
        "--enable-kvcache",
        "--zmq-endpoint",
        endpoint,
        "--event-batch-size",
        "3",
        "--block-size",
        "8",
        "--enable-sleep-mode",
      ],
      { VLLM_SERVER_DEV_MODE: "1" },
    );
    await connected(simulator, sub);
    const prompt = words(0, 40); // 5 blocks: a batch of 3, then 2 flushed by the timer
    await post(simulator, "/v1/completions", JSON.stringify({ model: "m", prompt, max_tokens: 1 }));
    const hashes = hashesOf(prompt, 8, "");
    const full = await receive(sub);
    assert.deepEqual(
      full.events,
      hashes.slice(0, 3).map((hash) => ["BlockStored", [hash], null, null, 0, null]),
    );
    const partial = await receive(sub);
    assert.deepEqual(
      partial.events,
      hashes.slice(3).map((hash) => ["BlockStored", [hash], null, null, 0, null]),
    );
    assert.equal(partial.seq, full.seq + 1n);
  });

  it("each data-parallel rank publishes on its own port's topic with its rank", async () => {
    const { sub, endpoint } = await subscriber();
    subs.push(sub);
    const ranks = await startSimulator({
      args: [
        "--model",
        "m",
        "--enable-kvcache",
        "--zmq-endpoint",
        endpoint,
        "--event-batch-size",
        "1",
        "--block-size",
        "8",
        "--data-parallel-size",
        "2",
        "--enable-sleep-mode",
      ],
      env: { VLLM_SERVER_DEV_MODE: "1" },
    });
    try {
      const rank1 = ranks.ranks[1];
      const message = await connected(rank1, sub);
      assert.equal(message.topic, `kv@$localhost:${rank1.port}@m`);
      assert.equal(message.rank, 1);
    } finally {
      await ranks.close();
    }
  });

  it("loads zeromq only when events are published", () => {
    assert.equal(loadsZeromq(["--model", "m"]), false);
    assert.equal(loadsZeromq(["--model", "m", "--enable-kvcache", "--zmq-endpoint", ""]), false);
    assert.equal(loadsZeromq(["--model", "m", "--enable-kvcache"]), true, "the default endpoint publishes");
  });

  it("fails to start, naming the endpoint, when it cannot connect", async () => {
    await assert.rejects(
      startSimulator({ args: ["--model", "m", "--enable-kvcache", "--zmq-endpoint", "nonsense"] }),
      /--zmq-endpoint: failed to connect to nonsense after 1 retries: /,
    );
  });
});
