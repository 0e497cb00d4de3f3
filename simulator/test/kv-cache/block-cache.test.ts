import assert from "node:assert/strict";
import { BlockCache, BlockCacheError, type BlockEvent, CAPACITY_ERROR } from "../../src/kv-cache/block-cache";

/*
 * The reference's own cases: pkg/kv-cache/kv_cache_test.go @ v0.5.1, Context("general tests") and
 * "should send events correctly" (blocks as small numbers, counts of stored/removed events).
 */
function cache(size: number): { blocks: BlockCache; events: BlockEvent[] } {
  const events: BlockEvent[] = [];
  return { blocks: new BlockCache(size, (event) => events.push(event)), events };
}
const count = (events: BlockEvent[], type: BlockEvent["type"]) =>
  events.filter((e) => e.type === type).length;

describe("block cache (src/kv-cache/block-cache.ts)", () => {
  it("single request: 2 blocks stored, in use, then unused but cached", () => {
    const { blocks, events } = cache(3);
    assert.equal(blocks.startRequest("req1", [1n, 2n]), 0);
    assert.equal(blocks.usage(), 2 / 3);
    blocks.finishRequest("req1");
    assert.equal(blocks.usage(), 0);
    assert.equal(blocks.startRequest("again", [1n, 2n]), 2);
    assert.equal(count(events, "stored"), 2);
    assert.equal(count(events, "removed"), 0);
  });

  it("reusing blocks: a shared block counts once, and stays in use until its last request ends", () => {
    const { blocks, events } = cache(5);
    blocks.startRequest("req1", [1n, 2n]);
    assert.equal(blocks.startRequest("req2", [1n, 3n]), 1);
    assert.equal(blocks.usage(), 3 / 5);
    blocks.finishRequest("req1");
    assert.equal(blocks.usage(), 2 / 5);
    assert.equal(count(events, "stored"), 3);
  });

  it("block eviction: a new block in a full cache evicts the least recently released unused block", () => {
    const { blocks, events } = cache(4);
    blocks.startRequest("req1", [1n, 2n]);
    blocks.startRequest("req2", [3n, 4n]);
    blocks.finishRequest("req2");
    assert.equal(blocks.startRequest("req3", [5n, 6n]), 0);
    assert.equal(count(events, "stored"), 6);
    assert.deepEqual(
      events.filter((e) => e.type === "removed"),
      [
        { type: "removed", hash: 3n },
        { type: "removed", hash: 4n },
      ],
    );
    assert.equal(blocks.usage(), 1);
  });

  it("cache full, no eviction: the request is refused whole with the reference's message, as retryable", () => {
    const { blocks, events } = cache(4);
    blocks.startRequest("req1", [1n, 2n]);
    blocks.startRequest("req2", [3n, 4n]);
    assert.throws(
      () => blocks.startRequest("req3", [5n, 6n]),
      (e: unknown) => e instanceof BlockCacheError && e.message === CAPACITY_ERROR && e.status === 429,
    );
    assert.equal(count(events, "stored"), 4);
    assert.equal(blocks.usage(), 1);
  });

  it("refuses a request with more blocks than the whole cache as one that can never fit (400)", () => {
    const { blocks, events } = cache(2);
    assert.throws(
      () => blocks.startRequest("req1", [1n, 2n, 3n]),
      (e: unknown) => e instanceof BlockCacheError && e.message === CAPACITY_ERROR && e.status === 400,
    );
    assert.equal(count(events, "stored"), 0);
  });

  it("holds a block a request names twice once, and releases it once", () => {
    const { blocks, events } = cache(2);
    assert.equal(blocks.startRequest("req1", [1n, 2n, 1n, 2n]), 0);
    assert.equal(count(events, "stored"), 2);
    assert.equal(blocks.usage(), 1);
    blocks.finishRequest("req1");
    assert.equal(blocks.usage(), 0);
    assert.equal(blocks.startRequest("req2", [1n, 2n]), 2, "both still cached");
  });

  it("refuses a request id that is running already (the reference's message)", () => {
    const { blocks } = cache(4);
    blocks.startRequest("req1", [1n]);
    assert.throws(
      () => blocks.startRequest("req1", [2n]),
      /^BlockCacheError: request already exists for id req1$/,
    );
  });

  it("discard clears everything (one cleared event) and ignores requests until activate", () => {
    const { blocks, events } = cache(4);
    blocks.startRequest("req1", [1n, 2n]);
    blocks.discard();
    assert.equal(blocks.usage(), 0);
    assert.deepEqual(events.at(-1), { type: "cleared" });
    assert.equal(blocks.startRequest("req2", [1n, 2n]), 0);
    assert.equal(blocks.usage(), 0);
    blocks.finishRequest("req1");
    blocks.activate();
    assert.equal(blocks.startRequest("req3", [1n, 2n]), 0, "nothing survived the discard");
    assert.equal(blocks.usage(), 0.5);
  });
});
