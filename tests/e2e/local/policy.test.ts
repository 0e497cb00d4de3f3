import { strict as assert } from "node:assert";
import { PolicyEmulator, usageTotalTokens } from "./policy";
import { FREE, PREMIUM } from "../lib/decision-test-data";

const tiers = [
  { name: "free", allowedModels: ["model-a"], limits: FREE },
  { name: "premium", allowedModels: ["model-a", "model-b"], limits: PREMIUM },
];
const tokens = { free: "tok-free", premium: "tok-premium" };

function emulator() {
  let now = Date.parse("2030-01-01T12:00:00Z");
  const policy = new PolicyEmulator(tiers, tokens, () => now);
  return { policy, advance: (ms: number) => (now += ms) };
}

const status = (a: ReturnType<PolicyEmulator["admit"]>) => (a.allowed ? 200 : a.status);

describe("e2e local target: the emulated MaaS policy (tests/e2e/local/policy.ts)", () => {
  it("authenticates bearer tokens (401) and authorises the path's model by allowedModels (403)", () => {
    const { policy } = emulator();
    assert.equal(status(policy.admit(undefined, "model-a")), 401);
    assert.equal(status(policy.admit("Basic tok-free", "model-a")), 401);
    assert.equal(status(policy.admit("Bearer garbage", "model-a")), 401);
    assert.deepEqual(policy.admit("Bearer tok-free", "model-a"), { allowed: true, tier: "free" });
    assert.equal(status(policy.admit("bearer tok-free", "model-b")), 403);
    assert.equal(status(policy.admit("Bearer tok-premium", "model-b")), 200);
    assert.equal(status(policy.admit("Bearer tok-premium", undefined)), 403);
  });

  it("allows `limit` requests per window and user, then 429 until the window ends", () => {
    const { policy, advance } = emulator();
    const free = () => status(policy.admit("Bearer tok-free", "model-a"));
    assert.deepEqual(Array.from({ length: 7 }, free), [200, 200, 200, 200, 200, 429, 429]);
    assert.equal(status(policy.admit("Bearer tok-premium", "model-a")), 200, "counters are per user");
    advance(119_999);
    assert.equal(free(), 429);
    advance(1);
    assert.equal(free(), 200);
  });

  it("refuses requests once the reported usage reached the token limit, within its window", () => {
    const { policy, advance } = emulator();
    const free = () => policy.admit("Bearer tok-free", "model-a");
    assert.equal(status(free()), 200);
    policy.report("free", 60);
    assert.equal(status(free()), 200);
    policy.report("free", 60);
    const refused = free();
    assert.equal(status(refused), 429);
    assert.match(
      refused.allowed ? "" : refused.message,
      /token rate limit of tier free \(100 per 1m\) reached: 120 used/,
    );
    advance(60_000);
    assert.equal(status(free()), 200, "a new token window");
    // Reports for an unknown tier and usage that is not a number change nothing: the counter still counts.
    policy.report("unknown", 10);
    policy.report("free", Number.NaN);
    policy.report("free", 100);
    assert.equal(status(free()), 429, "100 tokens reported in the new window reach the limit");
  });

  it("reads usage.total_tokens from JSON answers and from a stream's usage chunk", () => {
    assert.equal(usageTotalTokens('{"usage":{"total_tokens":42}}', "application/json"), 42);
    assert.equal(usageTotalTokens('{"choices":[]}', "application/json"), undefined);
    assert.equal(usageTotalTokens("not json", undefined), undefined);
    const stream = [
      'data: {"choices":[{"delta":{"content":"a"}}]}',
      'data: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":5,"total_tokens":7}}',
      "data: [DONE]",
      "",
    ].join("\n\n");
    assert.equal(usageTotalTokens(stream, "text/event-stream; charset=utf-8"), 7);
    assert.equal(usageTotalTokens("data: [DONE]\n\n", "text/event-stream"), undefined);
  });

  describe("the maas-subscriptions profile: token limits only, API keys bound to a subscription", () => {
    const subsTiers = [
      { name: "free", allowedModels: ["model-a"], limits: { tokens: FREE.tokens }, subscription: "free-sub" },
      {
        name: "premium",
        allowedModels: ["model-a", "model-b"],
        limits: { tokens: PREMIUM.tokens },
        subscription: "premium-sub",
      },
    ];
    const keys = {
      free: { key: "sk-oai-free", subscription: "free-sub", expiresAt: "2030-01-01T13:00:00Z" },
      premium: { key: "sk-oai-premium", subscription: "premium-sub", expiresAt: "2030-02-01T00:00:00Z" },
      orphan: { key: "sk-oai-orphan", subscription: "no-such-sub", expiresAt: "2030-02-01T00:00:00Z" },
    };
    function subs() {
      let now = Date.parse("2030-01-01T12:00:00Z");
      const policy = new PolicyEmulator(subsTiers, tokens, () => now, keys);
      return { policy, advance: (ms: number) => (now += ms) };
    }

    it("a key reaches its subscription's models only (403 elsewhere); unknown and orphan keys → 401", () => {
      const { policy } = subs();
      assert.deepEqual(policy.admit("Bearer sk-oai-free", "model-a"), { allowed: true, tier: "free" });
      assert.equal(status(policy.admit("Bearer sk-oai-free", "model-b")), 403);
      assert.equal(status(policy.admit("Bearer sk-oai-premium", "model-b")), 200);
      assert.equal(status(policy.admit("Bearer sk-oai-not-a-valid-key", "model-a")), 401);
      assert.equal(status(policy.admit("Bearer sk-oai-orphan", "model-a")), 401);
      assert.equal(status(policy.admit("Bearer tok-free", "model-a")), 200, "tokens still work");
    });

    it("no request limit: far more requests than maas-kind's limit pass while tokens remain", () => {
      const { policy } = subs();
      const got = Array.from({ length: 30 }, () => status(policy.admit("Bearer sk-oai-free", "model-a")));
      assert.deepEqual(new Set(got), new Set([200]));
    });

    it("a key and the tier's token share the subscription's token counter", () => {
      const { policy, advance } = subs();
      policy.report("free", 60);
      assert.equal(status(policy.admit("Bearer sk-oai-free", "model-a")), 200);
      policy.report("free", 40);
      assert.equal(status(policy.admit("Bearer tok-free", "model-a")), 429);
      assert.equal(status(policy.admit("Bearer sk-oai-free", "model-a")), 429);
      advance(60_000);
      assert.equal(status(policy.admit("Bearer sk-oai-free", "model-a")), 200);
    });

    it("an expired key → 401", () => {
      const { policy, advance } = subs();
      advance(3_600_000);
      const expired = policy.admit("Bearer sk-oai-free", "model-a");
      assert.deepEqual(expired, { allowed: false, status: 401, message: "the API key expired" });
      assert.equal(status(policy.admit("Bearer sk-oai-premium", "model-a")), 200);
    });
  });
});
