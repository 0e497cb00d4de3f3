import type { SimulatorConfig } from "../config/simulator-config";
import { splitTokens, tokenId } from "../generation/tokenizer";
import type { PromptInput } from "../protocol/types";
import type { Logger } from "../logging/logger";
import type { PrefixCacheStats } from "../metrics/metrics";
import { BlockCache } from "./block-cache";
import { blockHashes, rootBlockHash } from "./block-hashes";
import { connectKvEventSocket, KvEventPublisher } from "./kv-event-publisher";

/**
 * `--enable-kvcache`, as the reference's KVCacheHelper (pkg/kv-cache/kv_cache.go @ v0.5.1; chat
 * completions and the prefix-cache counters as on main): a request's prompt is tokenized with this
 * simulator's tokenizer, its full blocks hashed (`block-hashes.ts`) and held in the block cache
 * (`block-cache.ts`) while it runs; blocks already cached are its cached prompt tokens (blocks ×
 * block size). Block events go to `--zmq-endpoint` unless it is "".
 */
export class KvCache {
  private readonly blocks: BlockCache;
  private readonly root: bigint;

  private constructor(
    private readonly config: SimulatorConfig,
    private readonly publisher: KvEventPublisher | undefined,
  ) {
    this.root = rootBlockHash(config.hashSeed);
    this.blocks = new BlockCache(config.kvCacheSize, (event) => this.publisher?.add(event));
  }

  /**
   * The cache of one simulator (one data-parallel rank). `port` gives the topic's port once the
   * simulator listens. Throws when the ZMQ endpoint cannot be connected to.
   */
  static async create(config: SimulatorConfig, logger: Logger, port: () => number): Promise<KvCache> {
    if (config.zmqEndpoint === "") return new KvCache(config, undefined);
    const { socket, encode } = await connectKvEventSocket(config.zmqEndpoint, config.zmqMaxConnectAttempts);
    // The reference's topic, `$` included (pkg/kv-cache/block_cache.go @ v0.5.1, createTopic).
    const topic = () => `kv@$localhost:${port()}@${config.model}`;
    const publisher = new KvEventPublisher(
      socket,
      encode,
      topic,
      config.eventBatchSize,
      config.dataParallelRank,
      logger,
    );
    return new KvCache(config, publisher);
  }

  /**
   * A request starts running: its prompt's blocks are taken. Returns the prompt tokens queried and found
   * cached; throws a BlockCacheError (the reference's message) when it cannot be taken.
   */
  onRequestStart(requestId: string, prompts: readonly PromptInput[]): PrefixCacheStats {
    // Each prompt of a text completion is its own sequence from the root (vLLM runs each as a request);
    // a token-id prompt is hashed from its ids as given, a text prompt from this simulator's tokenizer.
    let queried = 0;
    const hashes: bigint[] = [];
    for (const prompt of prompts) {
      const ids = prompt.tokenIds ?? splitTokens(prompt.text).map(tokenId);
      queried += ids.length;
      hashes.push(...blockHashes(ids, this.config.blockSize, this.root));
    }
    const cachedBlocks = this.blocks.startRequest(requestId, hashes);
    return { queriedTokens: queried, cachedTokens: cachedBlocks * this.config.blockSize };
  }

  /** The request is over: its blocks stay cached, unused, until evicted. */
  onRequestEnd(requestId: string): void {
    this.blocks.finishRequest(requestId);
  }

  /** `POST /sleep`: everything cached is dropped (`AllBlocksCleared`) and requests are not tracked. */
  discard(): void {
    this.blocks.discard();
  }

  /** `POST /wake_up` (no tags, or `kv_cache`): requests are tracked again. */
  activate(): void {
    this.blocks.activate();
  }

  /** `vllm:kv_cache_usage_perc`: blocks held by running requests over `--kv-cache-size`. */
  usage(): number {
    return this.blocks.usage();
  }

  /** The simulator stops: no more events. */
  close(): void {
    this.publisher?.close();
  }
}
