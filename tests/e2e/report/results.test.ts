import { strict as assert } from "node:assert";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { recordedResults } from "./fixtures/recorded";
import { countTests, summarizeOutputs } from "./results";

const limits = {
  requests: { limit: 5, window: "2m", windowSeconds: 120 },
  tokens: { limit: 100, window: "1m", windowSeconds: 60 },
};

describe("e2e report: results.json", () => {
  it("summarizes the outputs without any token", () => {
    const outputs = {
      platform: "maas-kind",
      apiKeys: {},
      cluster: { name: "maas", context: "kind-maas" },
      gateway: { baseUrl: "http://gw", routes: true, namespace: "gw", name: "gw", hostnames: [] },
      models: { "model-a": { name: "model-a", tier: "free", inClusterUrl: "http://a.svc:8000" } },
      tiers: {
        free: {
          name: "free",
          allowedModels: ["model-a"],
          limits,
          serviceAccount: "sa",
          namespace: "ns",
          level: 0,
        },
        premium: {
          name: "premium",
          allowedModels: [],
          limits,
          serviceAccount: "sb",
          namespace: "ns",
          level: 1,
        },
      },
      tokens: { free: { token: "eyJ-secret", expiresAt: "2026-12-01T00:00:00Z", audience: "aud" } },
    } as unknown as StackOutputs;
    const summary = summarizeOutputs(outputs);
    assert.deepEqual(summary, {
      platform: "maas-kind",
      gateway: { baseUrl: "http://gw", routes: true },
      models: [{ name: "model-a", tier: "free", url: "http://a.svc:8000" }],
      tiers: [
        { name: "free", allowedModels: ["model-a"], limits, tokenExpiresAt: "2026-12-01T00:00:00Z" },
        { name: "premium", allowedModels: [], limits },
      ],
    });
    assert.ok(!JSON.stringify(summary).includes("eyJ-secret"));
    const subs = summarizeOutputs({
      ...outputs,
      platform: "maas-subscriptions",
      tiers: {
        free: {
          ...outputs.tiers.free!,
          limits: { tokens: limits.tokens },
          subscription: "free-subscription",
        },
      },
      apiKeys: {
        free: {
          key: "sk-oai-secret",
          id: "k",
          expiresAt: "2027-01-01T00:00:00Z",
          subscription: "free-subscription",
        },
      },
    });
    assert.equal(subs.platform, "maas-subscriptions");
    assert.deepEqual(subs.tiers[0], {
      name: "free",
      allowedModels: ["model-a"],
      limits: { tokens: limits.tokens },
      tokenExpiresAt: "2026-12-01T00:00:00Z",
      subscription: "free-subscription",
      apiKeyExpiresAt: "2027-01-01T00:00:00Z",
    });
    assert.ok(!JSON.stringify(subs).includes("sk-oai-secret"), "no API key in the summary");
  });

  it("counts the recorded run's tests by outcome", () => {
    assert.deepEqual(countTests(recordedResults().tests), { passed: 21, failed: 0, skipped: 2 });
  });

  it("records a real run: every request with its suite, and the 429s with the limit their verdict named", () => {
    const { requests } = recordedResults();
    const suites = new Set(requests.map((r) => r.suite));
    assert.deepEqual([...suites].sort(), [
      "direct",
      "load",
      "request-limits",
      "routing",
      "tier-access",
      "token-limits",
    ]);
    const blamed = requests.filter((r) => r.status === 429).map((r) => `${r.suite}:${r.limit}`);
    assert.deepEqual([...new Set(blamed)].sort(), ["request-limits:requests", "token-limits:tokens"]);
  });
});
