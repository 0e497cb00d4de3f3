import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import { PROFILE_DEFAULTS } from "../../../components/config/stack-config";
import { managedModelOutput } from "../../../components/outputs/endpoints";
import { gatewayPathTo, modelRouteRules, prefixRewrite } from "../../../components/routing/route-rules";
import { managedRouteRules } from "../../../components/subscriptions/managed-route";
import {
  apiKeyLifetimeSeconds,
  backendKey,
  localOutputs,
  localRouteRules,
  localSimulatorArgs,
  scaleTierWindows,
} from "./local-outputs";
import { stackConfig } from "../../helpers/stack-config";

const config = parseStackConfig(stackConfig("dev"));
const run = {
  gatewayUrl: "http://127.0.0.1:40000",
  processUrls: { "model-a": "http://127.0.0.1:40001", "model-b": "http://127.0.0.1:40002" },
  tokens: {
    free: { token: "local-free", expiresAt: "2030-01-01T13:00:00.000Z" },
    premium: { token: "local-premium", expiresAt: "2030-01-01T13:00:00.000Z" },
    enterprise: { token: "local-enterprise", expiresAt: "2030-01-01T13:00:00.000Z" },
  },
  windowScale: 0.1,
  runs: "node simulator/dist/main.js",
};

describe("e2e local target: what it runs (tests/e2e/local/local-outputs.ts)", () => {
  it("runs each model with the stack's simulator arguments on a free loopback port", () => {
    assert.deepEqual(localSimulatorArgs({ name: "model-a", simulatorArgs: {} }), [
      "--port", "0", "--model", "model-a", "--mode", "random",
      "--host", "127.0.0.1", "--log-level", "info",
    ]); // prettier-ignore
    assert.deepEqual(
      localSimulatorArgs({
        name: "m",
        simulatorArgs: { mode: "echo", "max-num-seqs": 10, "log-level": "warn", host: "0.0.0.0" },
      }),
      ["--port", "0", "--model", "m", "--mode", "echo", "--max-num-seqs", "10", "--host", "127.0.0.1", "--log-level", "info"],
    ); // prettier-ignore
    assert.throws(
      () => localSimulatorArgs({ name: "m", simulatorArgs: { "self-signed-certs": true } }),
      /model m: the local target runs plain-HTTP simulators, but its simulatorArgs set --self-signed-certs/,
    );
  });

  it("routes with exactly the rules the stack's ModelRoutes declare", () => {
    const rules = localRouteRules(config);
    assert.deepEqual(rules, [
      ...modelRouteRules({
        model: "model-a",
        namespace: "llm",
        service: "model-a-kserve-workload-svc",
        port: 8000,
        paths: config.models[0]!.paths,
      }),
      ...modelRouteRules({
        model: "model-b",
        namespace: "llm",
        service: "model-b-kserve-workload-svc",
        port: 8000,
        paths: config.models[1]!.paths,
      }),
    ]);
    assert.equal(backendKey("model-a"), "model-a-kserve-workload-svc:8000");
  });

  it("scales rate-limit windows to whole seconds, never below one", () => {
    const free = config.tiers[0]!;
    assert.deepEqual(scaleTierWindows(free, 0.1).limits, {
      requests: { limit: 5, window: "12s", windowSeconds: 12 },
      tokens: { limit: 100, window: "6s", windowSeconds: 6 },
    });
    assert.equal(scaleTierWindows(free, 0.001).limits.tokens.windowSeconds, 1);
    assert.deepEqual(scaleTierWindows(free, 1).limits.requests.windowSeconds, 120);
  });

  it("describes the run as valid StackOutputs: gateway URLs, process URLs, allowed models, tokens", () => {
    const o = localOutputs(config, run);
    assert.equal(o.gateway.baseUrl, "http://127.0.0.1:40000");
    const a = o.models["model-a"]!;
    assert.equal(a.gatewayUrls.chatCompletions, "http://127.0.0.1:40000/llm/model-a/v1/chat/completions");
    assert.equal(a.inClusterUrl, "http://127.0.0.1:40001");
    assert.equal(a.service, "model-a-kserve-workload-svc");
    assert.deepEqual(
      a.routes.map((r) => r.prefix),
      localRouteRules(config)
        .filter((r) => r.backendRefs[0].name === a.service)
        .map((r) => r.matches[0].path.value),
    );
    assert.deepEqual(o.tiers.free?.allowedModels, ["model-a"]);
    assert.deepEqual(o.tiers.premium?.allowedModels, ["model-a", "model-b"]);
    assert.equal(o.tiers.free?.limits.requests?.windowSeconds, 12);
    assert.equal(o.tokens.free?.token, "local-free");
    assert.equal(o.tokens.free?.serviceAccount, "free-user");
    assert.throws(() => localOutputs(config, { ...run, processUrls: {} }), /no process for model model-a/);
  });

  describe("the maas-subscriptions profile", () => {
    const subs = parseStackConfig(stackConfig("dev", { platform: "maas-subscriptions" }));
    const apiKeys = {
      free: { key: "sk-oai-local-free", id: "k1", expiresAt: "2030-03-01T12:00:00.000Z" },
      premium: { key: "sk-oai-local-premium", id: "k2", expiresAt: "2030-03-01T12:00:00.000Z" },
    };

    it("outputs in the settled shape: the profile, token limits only, subscriptions, keys, the cluster audience", () => {
      const o = localOutputs(subs, { ...run, apiKeys });
      assert.equal(o.platform, "maas-subscriptions");
      assert.equal(o.tiers.free?.limits.requests, undefined);
      assert.equal(
        o.tiers.free?.limits.tokens.limit,
        subs.tiers.find((t) => t.name === "free")!.limits.tokens.limit,
      );
      assert.equal(o.tiers.free?.subscription, "free-subscription");
      assert.deepEqual(o.apiKeys.free, { ...apiKeys.free, subscription: "free-subscription" });
      assert.equal(o.apiKeys.enterprise, undefined, "a tier without a minted key has none");
      assert.equal(o.tokens.free?.audience, PROFILE_DEFAULTS["maas-subscriptions"].tokenAudience);
    });

    it("a configured tokenAudience is the tokens' audience on either profile", () => {
      for (const platform of ["maas-kind", "maas-subscriptions"]) {
        const c = parseStackConfig(stackConfig("dev", { platform, tokenAudience: "https://issuer.example" }));
        assert.equal(localOutputs(c, run).tokens.free?.audience, "https://issuer.example", platform);
      }
    });

    it("models as the profile outputs them (managedModelOutput): the managed route's rules, its URLs", () => {
      const o = localOutputs(subs, { ...run, apiKeys });
      const a = o.models["model-a"]!;
      const created = {
        name: "model-a",
        namespace: "llm",
        service: "model-a-kserve-workload-svc",
        port: 8000,
      };
      const stack = managedModelOutput(
        { ...subs, gateway: { ...subs.gateway, baseUrl: run.gatewayUrl } },
        created,
      );
      assert.deepEqual(
        { ...a, inClusterUrl: stack.inClusterUrl, portForward: stack.portForward },
        stack,
        "all but the process URL and the port-forward note",
      );
      assert.deepEqual(a.routes, [
        { prefix: "/llm/model-a/v1/completions", rewrite: "/v1/completions" },
        { prefix: "/llm/model-a/v1/chat/completions", rewrite: "/v1/chat/completions" },
        { prefix: "/llm/model-a", rewrite: "/" },
      ]);
      assert.equal(gatewayPathTo(a.routes, "/v1/models"), "/llm/model-a/v1/models");
      assert.equal(a.gatewayUrls.models, "http://127.0.0.1:40000/llm/model-a/v1/models");
    });

    it("routes with the managed route's rules, the outputs' routes of each model, to its workload Service", () => {
      const rules = localRouteRules(subs);
      assert.deepEqual(rules, [
        ...managedRouteRules({ model: "model-a", namespace: "llm", service: "model-a-kserve-workload-svc" }),
        ...managedRouteRules({ model: "model-b", namespace: "llm", service: "model-b-kserve-workload-svc" }),
      ]);
      const o = localOutputs(subs, run);
      for (const m of Object.values(o.models)) {
        const own = rules.filter((r) => r.backendRefs[0].name === m.service);
        assert.deepEqual(own.map(prefixRewrite), m.routes, m.name);
        for (const r of own)
          assert.equal(`${r.backendRefs[0].name}:${r.backendRefs[0].port}`, backendKey(m.name));
      }
    });

    it("maas-kind outputs keep request limits, no subscription, no keys, the configured audience; keys there are an error", () => {
      const o = localOutputs(config, run);
      assert.equal(o.platform, "maas-kind");
      assert.ok(o.tiers.free?.limits.requests);
      assert.equal(o.tiers.free?.subscription, undefined);
      assert.deepEqual(o.apiKeys, {});
      assert.equal(o.tokens.free?.audience, config.tokens.audience);
      assert.throws(() => localOutputs(config, { ...run, apiKeys }), /maas-subscriptions profile only/);
    });

    it("reads maas-api key lifetimes; default 90 days", () => {
      assert.equal(apiKeyLifetimeSeconds(undefined), 90 * 86400);
      assert.equal(apiKeyLifetimeSeconds("30d"), 30 * 86400);
      assert.equal(apiKeyLifetimeSeconds("12h"), 12 * 3600);
      assert.equal(apiKeyLifetimeSeconds("45m"), 45 * 60);
      assert.throws(() => apiKeyLifetimeSeconds("1w"), /not a maas-api key lifetime/);
    });
  });
});
