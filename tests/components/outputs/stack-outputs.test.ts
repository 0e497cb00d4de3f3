import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import {
  byName,
  gatewayOutput,
  modelOutput,
  tierOutput,
  tokenOutput,
} from "../../../components/outputs/endpoints";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { parseStackOutputs, StackOutputsError } from "../../../components/outputs/stack-outputs";

const config = parseStackConfig({});
const sample = (): StackOutputs => ({
  platform: "maas-kind",
  cluster: { name: "maas-local", context: "kind-maas-local" },
  image: { ref: "localhost/maas-kind/simulator:dev", id: "sha256:1" },
  gateway: gatewayOutput(config),
  models: byName(
    config.models.map((m) =>
      modelOutput(config, {
        name: m.name,
        namespace: "llm",
        service: `${m.name}-kserve-workload-svc`,
        port: 8000,
      }),
    ),
  ),
  tiers: byName(
    config.tiers.map((t) =>
      tierOutput(t, { serviceAccount: `${t.name}-user`, namespace: "maas-api" }, ["model-a"]),
    ),
  ),
  tokens: {
    free: tokenOutput(
      config,
      { serviceAccount: "free-user", namespace: "maas-api" },
      { token: "t", expiresAt: "2030-01-01T00:00:00Z" },
    ),
  },
  apiKeys: {},
});

/** A maas-subscriptions sample: no request limits, a subscription and an API key per tier. */
const subscriptionsSample = () => {
  const o = JSON.parse(JSON.stringify(sample()));
  o.platform = "maas-subscriptions";
  for (const [name, t] of Object.entries<{ limits: { requests?: unknown }; subscription?: string }>(
    o.tiers,
  )) {
    delete t.limits.requests;
    t.subscription = `${name}-subscription`;
  }
  o.apiKeys = {
    free: { key: "sk-oai-1", id: "k1", expiresAt: "2030-01-01T00:00:00Z", subscription: "free-subscription" },
  };
  return o;
};

function problems(json: unknown): string {
  try {
    parseStackOutputs(json);
  } catch (e) {
    assert.ok(e instanceof StackOutputsError);
    return e.message;
  }
  assert.fail("accepted");
}

describe("stack outputs (components/outputs/stack-outputs.ts)", () => {
  it("accepts a complete StackOutputs and returns it typed", () => {
    const o = parseStackOutputs(JSON.parse(JSON.stringify(sample())));
    assert.equal(o.models["model-a"]?.port, 8000);
    assert.equal(o.tokens.free?.audience, "maas-default-gateway-sa");
  });

  it("keeps reading outputs that carry extra fields (newer stacks)", () => {
    const o = parseStackOutputs({ ...sample(), cluster: { ...sample().cluster, kubeconfig: "x" }, extra: 1 });
    assert.equal(o.cluster.name, "maas-local");
  });

  it("reports every mismatch in one error naming the field", () => {
    const bad = JSON.parse(JSON.stringify(sample()));
    delete bad.image;
    bad.models["model-a"].port = "8000";
    bad.tiers.free.limits.requests.windowSeconds = 0;
    const msg = problems(bad);
    assert.match(msg, /^the stack outputs do not match StackOutputs:/);
    assert.match(msg, /\n {2}\.image: /);
    assert.match(msg, /\n {2}\.models\.model-a\.port: /);
    assert.match(msg, /\n {2}\.tiers\.free\.limits\.requests\.windowSeconds: /);
  });

  it("tells the user to pass --show-secrets when the tokens are masked", () => {
    assert.match(
      problems({ ...sample(), tokens: "[secret]" }),
      /\.tokens: is "\[secret\]": read the outputs with `--show-secrets`/,
    );
    const masked = sample() as unknown as { tokens: { free: { token: string } } };
    masked.tokens.free.token = "[secret]";
    assert.match(problems(masked), /\.tokens\.free\.token: is "\[secret\]"/);
  });

  it("cross-checks names: model keys, model tiers, allowed models and token tiers", () => {
    const o = JSON.parse(JSON.stringify(sample()));
    o.models["model-a"].tier = "gold";
    o.tiers.free.allowedModels = ["model-z"];
    o.tokens.nobody = o.tokens.free;
    const msg = problems(o);
    assert.match(msg, /\.models\.model-a\.tier: unknown tier "gold"/);
    assert.match(msg, /\.tiers\.free\.allowedModels: unknown model "model-z"/);
    assert.match(msg, /\.tokens\.nobody: no tier "nobody"/);
  });

  it("reads outputs of stacks older than the platform profile as maas-kind, with no API keys", () => {
    const old = JSON.parse(JSON.stringify(sample()));
    delete old.platform;
    delete old.apiKeys;
    const o = parseStackOutputs(old);
    assert.equal(o.platform, "maas-kind");
    assert.deepEqual(o.apiKeys, {});
  });

  it("accepts maas-subscriptions outputs: token limits only, subscriptions and API keys", () => {
    const o = parseStackOutputs(subscriptionsSample());
    assert.equal(o.platform, "maas-subscriptions");
    assert.equal(o.tiers.free?.limits.requests, undefined);
    assert.equal(o.apiKeys.free?.subscription, "free-subscription");
  });

  it("requires request limits on maas-kind, and API keys of known tiers bound to their tier's subscription", () => {
    const kind = JSON.parse(JSON.stringify(sample()));
    delete kind.tiers.free.limits.requests;
    assert.match(problems(kind), /\.tiers\.free\.limits\.requests: required on maas-kind/);
    const subs = subscriptionsSample();
    subs.apiKeys.free.subscription = "premium-subscription";
    subs.apiKeys.nobody = { ...subs.apiKeys.free };
    const msg = problems(subs);
    assert.match(
      msg,
      /\.apiKeys\.free\.subscription: is "premium-subscription", the tier's is "free-subscription"/,
    );
    assert.match(msg, /\.apiKeys\.nobody: no tier "nobody"/);
    assert.match(problems({ ...subscriptionsSample(), platform: "openshift" }), /\.platform: /);
  });

  it("tells the user to pass --show-secrets when the API keys are masked", () => {
    assert.match(
      problems({ ...subscriptionsSample(), apiKeys: "[secret]" }),
      /\.apiKeys: is "\[secret\]": read the outputs with `--show-secrets`/,
    );
    const masked = subscriptionsSample();
    masked.apiKeys.free.key = "[secret]";
    assert.match(problems(masked), /\.apiKeys\.free\.key: is "\[secret\]"/);
  });

  it("rejects URLs that are not http(s) and expiry that is not a timestamp", () => {
    const o = JSON.parse(JSON.stringify(sample()));
    o.models["model-b"].gatewayUrls.models = "localhost/llm";
    o.tokens.free.expiresAt = "tomorrow";
    const msg = problems(o);
    assert.match(msg, /\.models\.model-b\.gatewayUrls\.models: /);
    assert.match(msg, /\.tokens\.free\.expiresAt: /);
  });
});
