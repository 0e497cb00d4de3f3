import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import {
  byName,
  gatewayOutput,
  inClusterUrl,
  managedModelOutput,
  modelOutput,
  portForwardCommand,
  subscriptionTierOutput,
  tierOutput,
  tokenOutput,
} from "../../../components/outputs/endpoints";

const raw = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`maas-kind:${k}`, JSON.stringify(v)]));

const config = parseStackConfig(
  raw({
    kind: { httpPort: 8080, httpsPort: 8443 },
    hostnames: ["maas.test", "localhost"],
    models: [
      { name: "model-a", tier: "free", paths: ["/v1/chat/completions", "/health"] },
      { name: "model-b", tier: "premium" },
    ],
  }),
);
const created = { name: "model-a", namespace: "llm", service: "model-a-kserve-workload-svc", port: 8000 };

describe("output entries (components/outputs/endpoints.ts)", () => {
  it("spells the in-cluster URL and the port-forward command", () => {
    assert.equal(inClusterUrl("svc", "llm", 8000), "http://svc.llm.svc.cluster.local:8000");
    assert.equal(
      portForwardCommand("kind-x", "llm", "svc", 8000),
      "kubectl --context kind-x -n llm port-forward service/svc 8000:8000",
    );
  });

  it("describes the gateway from the config, with a copy of the hostnames", () => {
    const g = gatewayOutput(config);
    assert.deepEqual(g, {
      namespace: "istio-system",
      name: "maas-gateway",
      baseUrl: "http://maas.test:8080",
      hostnames: ["maas.test", "localhost"],
      routes: true,
    });
    assert.notEqual(g.hostnames, config.gateway.hostnames);
    assert.equal(Object.isFrozen(g.hostnames), false);
  });

  it("describes a model: URLs through the gateway under /<namespace>/<model>, its routes, its port-forward", () => {
    const m = modelOutput(config, created);
    assert.equal(m.tier, "free");
    assert.equal(m.workload, "kserve");
    assert.equal(m.inClusterUrl, "http://model-a-kserve-workload-svc.llm.svc.cluster.local:8000");
    assert.deepEqual(m.gatewayUrls, {
      chatCompletions: "http://maas.test:8080/llm/model-a/v1/chat/completions",
      completions: "http://maas.test:8080/llm/model-a/v1/completions",
      models: "http://maas.test:8080/llm/model-a/v1/models",
    });
    assert.deepEqual(m.routes, [
      { prefix: "/llm/model-a/v1/chat/completions", rewrite: "/v1/chat/completions" },
      { prefix: "/llm/model-a/health", rewrite: "/health" },
    ]);
    assert.equal(
      m.portForward,
      "kubectl --context kind-maas-local -n llm port-forward service/model-a-kserve-workload-svc 8000:8000",
    );
  });

  it("follows the namespace the model was created in, not the configured one", () => {
    const m = modelOutput(config, { ...created, namespace: "elsewhere" });
    assert.equal(m.gatewayUrls.models, "http://maas.test:8080/elsewhere/model-a/v1/models");
    assert.match(m.portForward, / -n elsewhere /);
  });

  it("refuses a model that is not in the config", () => {
    assert.throws(
      () => modelOutput(config, { ...created, name: "model-z" }),
      /no model model-z in the config/,
    );
  });

  it("describes a tier and its token", () => {
    const free = config.tiers.find((t) => t.name === "free")!;
    const account = { serviceAccount: "free-user", namespace: "maas-api" };
    const t = tierOutput(free, account, ["model-a"]);
    assert.deepEqual(t, {
      name: "free",
      level: 0,
      serviceAccount: "free-user",
      namespace: "maas-api",
      allowedModels: ["model-a"],
      limits: {
        requests: { limit: 5, window: "2m", windowSeconds: 120 },
        tokens: { limit: 100, window: "1m", windowSeconds: 60 },
      },
    });
    assert.notEqual(t.limits.requests, free.limits.requests);
    assert.deepEqual(tokenOutput(config, account, { token: "tok", expiresAt: "2026-01-01T00:00:00Z" }), {
      token: "tok",
      audience: "maas-default-gateway-sa",
      expiresAt: "2026-01-01T00:00:00Z",
      serviceAccount: "free-user",
      namespace: "maas-api",
      durationSeconds: 3600,
    });
  });

  it("keys entries by name", () => {
    const entries = [
      { name: "a", v: 1 },
      { name: "b", v: 2 },
    ];
    assert.deepEqual(byName(entries), { a: entries[0], b: entries[1] });
    assert.deepEqual(byName([]), {});
  });

  describe("on the maas-subscriptions profile", () => {
    const subs = (extra: Record<string, unknown> = {}) =>
      parseStackConfig({
        ...raw({ models: [{ name: "model-a", tier: "free" }], ...extra }),
        "maas-kind:platform": "maas-subscriptions",
      });

    it("a model's URLs and routes are those of KServe's managed route; HTTPS in the cluster with tls", () => {
      const m = managedModelOutput(subs({ gateway: { baseUrl: "https://maas.test/" } }), created);
      assert.deepEqual(m.gatewayUrls, {
        chatCompletions: "https://maas.test/llm/model-a/v1/chat/completions",
        completions: "https://maas.test/llm/model-a/v1/completions",
        models: "https://maas.test/llm/model-a/v1/models",
      });
      assert.deepEqual(m.routes, [
        { prefix: "/llm/model-a/v1/completions", rewrite: "/v1/completions" },
        { prefix: "/llm/model-a/v1/chat/completions", rewrite: "/v1/chat/completions" },
        { prefix: "/llm/model-a", rewrite: "/" },
      ]);
      assert.equal(m.workload, "kserve");
      assert.equal(m.inClusterUrl, "http://model-a-kserve-workload-svc.llm.svc.cluster.local:8000");
      assert.equal(
        managedModelOutput(subs({ subscriptions: { tls: true } }), created).inClusterUrl,
        "https://model-a-kserve-workload-svc.llm.svc.cluster.local:8000",
      );
      assert.throws(() => managedModelOutput(subs(), { ...created, name: "nope" }), /no model nope/);
    });

    it("a tier has its token limit only, and its subscription when it has one", () => {
      const c = subs();
      const free = c.tiers[0]!;
      const account = { serviceAccount: "free-user", namespace: "maas-default-gateway-tier-free" };
      assert.deepEqual(subscriptionTierOutput(free, account, ["model-a"], "free-subscription"), {
        name: "free",
        level: 0,
        serviceAccount: "free-user",
        namespace: "maas-default-gateway-tier-free",
        allowedModels: ["model-a"],
        limits: { tokens: { limit: 100, window: "1m", windowSeconds: 60 } },
        subscription: "free-subscription",
      });
      assert.equal("subscription" in subscriptionTierOutput(free, account, [], undefined), false);
      assert.deepEqual(gatewayOutput(c).name, "maas-default-gateway");
      assert.equal(gatewayOutput(c).routes, true);
    });
  });
});
