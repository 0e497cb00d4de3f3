/** What the block cache reports to the KV-event publisher. */
export type BlockEvent =
  | { readonly type: "stored"; readonly hash: bigint }
  | { readonly type: "removed"; readonly hash: bigint }
  | { readonly type: "cleared" };

/** The reference's text (pkg/kv-cache/block_cache.go @ v0.5.1, capacityError; unchanged on main). */
export const CAPACITY_ERROR = "the kv cache does not have sufficient capacity to store this request";

/**
 * A request the cache cannot take; `message` is the reference's text. The reference answers each with a 500;
 * here `status` says whose problem it is: 429 when the blocks in use leave no room now (retry later), 400
 * when the request can never fit (more blocks than `--kv-cache-size`) or its id is running already.
 */
export class BlockCacheError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 429,
  ) {
    super(message);
    this.name = "BlockCacheError";
  }
}

/**
 * The blocks of the KV cache, as the reference's blockCache (pkg/kv-cache/block_cache.go @ v0.5.1;
 * discard/activate @ main):
 * - a running request holds its blocks (a reference count per block: shared prefixes count once);
 * - when it ends its blocks become unused but stay cached, so a later prompt with the same prefix finds
 *   them (they count as cached prompt tokens);
 * - a request whose new and revived blocks do not fit next to the blocks in use is refused whole
 *   (`CAPACITY_ERROR`), nothing changed;
 * - a block a request names twice (two prompts with the same prefix) is held once;
 * - a new block that finds the cache full evicts the least recently released unused block
 *   (`removed` event), then is stored (`stored` event);
 * - usage is the blocks in use over `--kv-cache-size` (unused cached blocks do not count);
 * - `discard` (sleep) forgets everything (`cleared` event) and ignores requests until `activate`.
 */
export class BlockCache {
  private readonly requestBlocks = new Map<string, readonly bigint[]>();
  /** Block hash → how many running requests hold it. */
  private readonly used = new Map<bigint, number>();
  /** Unused cached blocks, least recently released first (a Set keeps insertion order). */
  private readonly unused = new Set<bigint>();
  private disabled = false;

  constructor(
    private readonly maxBlocks: number,
    private readonly emit: (event: BlockEvent) => void,
  ) {}

  /**
   * Admits a request's blocks; returns how many were already cached (in use or unused). Throws a
   * BlockCacheError when the request id is running already or the blocks do not fit.
   */
  startRequest(requestId: string, requested: readonly bigint[]): number {
    if (this.disabled) return 0;
    if (this.requestBlocks.has(requestId)) {
      // The reference's text (pkg/kv-cache/block_cache.go @ v0.5.1, startRequest).
      throw new BlockCacheError(`request already exists for id ${requestId}`, 400);
    }
    const blocks = [...new Set(requested)];
    if (blocks.length > this.maxBlocks) throw new BlockCacheError(CAPACITY_ERROR, 400);
    const inUse: bigint[] = [];
    const revived: bigint[] = [];
    const added: bigint[] = [];
    for (const block of blocks) {
      if (this.unused.has(block)) revived.push(block);
      else if (this.used.has(block)) inUse.push(block);
      else added.push(block);
    }
    if (this.used.size + added.length + revived.length > this.maxBlocks) {
      throw new BlockCacheError(CAPACITY_ERROR, 429);
    }
    for (const block of inUse) this.used.set(block, (this.used.get(block) ?? 0) + 1);
    for (const block of revived) {
      this.unused.delete(block);
      this.used.set(block, 1);
    }
    for (const block of added) {
      if (this.used.size + this.unused.size >= this.maxBlocks) {
        const oldest = this.unused.values().next().value as bigint;
        this.unused.delete(oldest);
        this.emit({ type: "removed", hash: oldest });
      }
      this.used.set(block, 1);
      this.emit({ type: "stored", hash: block });
    }
    this.requestBlocks.set(requestId, blocks);
    return inUse.length + revived.length;
  }

  /** The request ended (answered, failed or abandoned): its blocks are released. */
  finishRequest(requestId: string): void {
    if (this.disabled) return;
    const blocks = this.requestBlocks.get(requestId);
    if (blocks === undefined) return;
    this.requestBlocks.delete(requestId);
    for (const block of blocks) {
      const count = this.used.get(block);
      if (count === undefined) continue;
      if (count > 1) this.used.set(block, count - 1);
      else {
        this.used.delete(block);
        this.unused.add(block);
      }
    }
  }

  /** Sleep: every block is dropped and requests are not tracked until `activate`. */
  discard(): void {
    this.disabled = true;
    this.requestBlocks.clear();
    this.used.clear();
    this.unused.clear();
    this.emit({ type: "cleared" });
  }

  /** Wake-up: requests are tracked again. */
  activate(): void {
    this.disabled = false;
  }

  /** Blocks in use over the cache's size (0 for a cache of size 0). */
  usage(): number {
    return this.maxBlocks > 0 ? this.used.size / this.maxBlocks : 0;
  }
}
