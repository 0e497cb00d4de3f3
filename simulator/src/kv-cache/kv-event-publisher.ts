import type { Logger } from "../logging/logger";
import type { BlockEvent } from "./block-cache";

/*
 * KV events on the reference's wire (llm-d-inference-sim @ v0.5.1: pkg/kv-cache/kv_cache_sender.go,
 * pkg/common/publisher.go; the event shapes are llm-d-kv-cache-manager @ v0.3.0-rc1,
 * pkg/kvcache/kvevents/events.go):
 * - a PUB socket connects (not binds) to `--zmq-endpoint`, retried `--zmq-max-connect-attempts` times
 *   a second apart;
 * - each message is three frames: the topic, the sequence number (8 bytes, big-endian, from 1), and a
 *   MessagePack EventBatch `[ts (float64 seconds), [event, …], data_parallel_rank]`;
 * - events are tagged arrays, one block each: `["BlockStored", [hash], null, null, 0, null]` (the v0.5.1
 *   sender sets no parent hash, token ids, block size or LoRA id), `["BlockRemoved", [hash]]`,
 *   `["AllBlocksCleared"]` (sleep, as main sends it); hashes are uint64;
 * - a batch goes out when it holds `--event-batch-size` events, else every second; events still waiting
 *   when the simulator stops are dropped, as the reference drops them.
 */

/** The sending side of a ZeroMQ PUB socket (zeromq's Publisher). */
export interface KvEventSocket {
  send(frames: [string, Buffer, Uint8Array]): Promise<void>;
  close(): void;
}

/** MessagePack encoding, 64-bit integers as bigint (@msgpack/msgpack's `encode` with `useBigInt64`). */
export type MsgpackEncode = (value: unknown) => Uint8Array;

/** Seconds between flushes of a batch that has not filled (the reference's `delay`). */
const FLUSH_INTERVAL_MS = 1000;

function encodeEvent(event: BlockEvent): unknown[] {
  switch (event.type) {
    case "stored":
      return ["BlockStored", [event.hash], null, null, 0, null];
    case "removed":
      return ["BlockRemoved", [event.hash]];
    case "cleared":
      return ["AllBlocksCleared"];
  }
}

/** Unix time in seconds with a fraction, so MessagePack writes it as a float64 as the reference does. */
function timestamp(): number {
  const seconds = (performance.timeOrigin + performance.now()) / 1000;
  return Number.isInteger(seconds) ? seconds + 1e-6 : seconds;
}

/**
 * Opens a PUB socket connected to `endpoint`, loading zeromq and @msgpack/msgpack only now (a
 * simulator that publishes no events never loads them). Throws after `retries` + 1 failed attempts.
 */
export async function connectKvEventSocket(
  endpoint: string,
  retries: number,
): Promise<{ socket: KvEventSocket; encode: MsgpackEncode }> {
  const [zmq, msgpack] = await Promise.all([import("zeromq"), import("@msgpack/msgpack")]);
  const encode: MsgpackEncode = (value) => msgpack.encode(value, { useBigInt64: true });
  const socket = new zmq.Publisher({ linger: 0 });
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      socket.connect(endpoint);
      return { socket: { send: (frames) => socket.send(frames), close: () => socket.close() }, encode };
    } catch (error) {
      lastError = error;
      if (attempt < retries) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  socket.close();
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  // The reference's text (pkg/common/publisher.go @ v0.5.1, NewPublisher).
  throw new Error(`failed to connect to ${endpoint} after ${retries + 1} retries: ${reason}`);
}

/** Batches block events and publishes them on one topic. */
export class KvEventPublisher {
  private batch: unknown[][] = [];
  private sequence = 0n;
  private sending: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly socket: KvEventSocket,
    private readonly encode: MsgpackEncode,
    /** `kv@$localhost:<port>@<model>`; read when a batch goes out (the port is known once listening). */
    private readonly topic: () => string,
    private readonly batchSize: number,
    private readonly dataParallelRank: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  add(event: BlockEvent): void {
    if (this.closed) return;
    this.batch.push(encodeEvent(event));
    if (this.batch.length >= this.batchSize) {
      this.flush();
      this.timer.refresh();
    }
  }

  /** Publishes the waiting events, if any. Sends go out one at a time, in order. */
  flush(): void {
    if (this.closed || this.batch.length === 0) return;
    const payload = this.encode([timestamp(), this.batch, this.dataParallelRank]);
    this.batch = [];
    this.sequence++;
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.sequence);
    const frames: [string, Buffer, Uint8Array] = [this.topic(), sequence, payload];
    this.sending = this.sending
      .then(() => this.socket.send(frames))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, "KV events: publishing a batch failed");
      });
  }

  /** Stops publishing; events not yet sent are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.batch.length > 0) {
      this.logger.info({ events: this.batch.length }, "KV events: stopping, dropping events not yet sent");
    }
    this.batch = [];
    void this.sending.finally(() => this.socket.close());
  }
}
