import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig } from "../../../components/config/stack-config";
import { allowedModels } from "../../../components/access/access-matrix";
import { maasModelRefSpec } from "../../../components/subscriptions/maas-model-ref-spec";
import {
  maasAuthPolicySpec,
  maasSubscriptionSpec,
  tierIdentityGroup,
} from "../../../components/subscriptions/tier-policy-specs";
import type { TierPolicyArgs } from "../../../components/subscriptions/tier-policy-specs";
import { CRD_DIR, crdProblems } from "../../helpers/crd-validator";

const AUTH = "maas-c0639b1b-maasauthpolicies.yaml";
const SUB = "maas-c0639b1b-maassubscriptions.yaml";
const REF = "maas-c0639b1b-maasmodelrefs.yaml";
const config = parseStackConfig({});

function sample(file: string): { kind: string; spec: Record<string, unknown> } {
  const dir = path.join(CRD_DIR, "models-as-a-service@c0639b1b/docs/samples/maas-system/free/maas");
  return parse(readFileSync(path.join(dir, file), "utf8"));
}

function argsFor(tierName: string): TierPolicyArgs {
  const tier = config.tiers.find((t) => t.name === tierName)!;
  return {
    tier,
    models: allowedModels(config.tiers, config.models, tier.name),
    modelsNamespace: "llm",
    subscriptionNamespace: "models-as-a-service",
    group: tierIdentityGroup(`maas-api-tier-${tier.name}`),
  };
}

describe("tier policy specs (MaaSAuthPolicy, MaaSSubscription) and MaaSModelRef", () => {
  it("the vendored samples validate against the vendored CRDs (the validator reads them right)", () => {
    assert.deepEqual(crdProblems(AUTH, "v1alpha1", sample("maas-auth-policy.yaml")), []);
    assert.deepEqual(crdProblems(SUB, "v1alpha1", sample("maas-subscription.yaml")), []);
    assert.deepEqual(crdProblems(REF, "v1alpha1", sample("maas-model.yaml")), []);
  });

  it("every tier's objects and every model's MaaSModelRef validate (schema and CEL)", () => {
    for (const tier of config.tiers) {
      const a = argsFor(tier.name);
      assert.deepEqual(crdProblems(AUTH, "v1alpha1", maasAuthPolicySpec(a)), [], tier.name);
      assert.deepEqual(crdProblems(SUB, "v1alpha1", maasSubscriptionSpec(a)), [], tier.name);
    }
    for (const m of config.models)
      assert.deepEqual(crdProblems(REF, "v1alpha1", maasModelRefSpec(m.name, "llm")), [], m.name);
  });

  it("the CEL rule catches an auth policy with no subject, so a tier without a group would fail", () => {
    const policy = maasAuthPolicySpec(argsFor("free"));
    const bad = { ...policy, spec: { ...policy.spec, subjects: { groups: [], users: [] } } };
    assert.deepEqual(crdProblems(AUTH, "v1alpha1", bad), [
      ".spec.subjects: at least one group or user must be specified in subjects",
    ]);
  });

  it("owners and subjects are the tier's identity group; the subscription carries its token limit on each model", () => {
    const a = argsFor("premium");
    const policy = maasAuthPolicySpec(a);
    const sub = maasSubscriptionSpec(a);
    const group = [{ name: "system:serviceaccounts:maas-api-tier-premium" }];
    assert.deepEqual(policy.spec.subjects, { groups: group, users: [] });
    assert.deepEqual(sub.spec.owner, { groups: group, users: [] });
    assert.deepEqual(
      policy.spec.modelRefs.map((r) => r.name),
      ["model-a", "model-b"],
    );
    const premium = config.tiers.find((t) => t.name === "premium")!;
    for (const ref of sub.spec.modelRefs) {
      assert.equal(ref.namespace, "llm");
      assert.deepEqual(ref.tokenRateLimits, [{ limit: premium.limits.tokens.limit, window: "1m" }]);
    }
    assert.equal(sub.spec.priority, premium.level);
    assert.equal(sub.metadata.namespace, "models-as-a-service");
    assert.equal(sub.metadata.name, "premium-subscription");
    assert.equal(policy.metadata.name, "premium-access");
    // The free tier reaches only the free model.
    assert.deepEqual(
      maasSubscriptionSpec(argsFor("free")).spec.modelRefs.map((r) => r.name),
      ["model-a"],
    );
  });

  it("converts the tier's window (2m stays 2m, 90 s stays 90s, 2h is 2h)", () => {
    const a = argsFor("free");
    for (const [window, windowSeconds, maas] of [
      ["2m", 120, "2m"],
      ["90s", 90, "90s"],
      ["1h30m", 5400, "90m"],
      ["2h", 7200, "2h"],
    ] as const) {
      const tier = { ...a.tier, limits: { ...a.tier.limits, tokens: { limit: 7, window, windowSeconds } } };
      const sub = maasSubscriptionSpec({ ...a, tier });
      assert.deepEqual(sub.spec.modelRefs[0]!.tokenRateLimits, [{ limit: 7, window: maas }]);
      assert.deepEqual(crdProblems(SUB, "v1alpha1", sub), []);
    }
  });

  it("rejects a window with no MaaS form, and a tier with no model, naming the tier", () => {
    const a = argsFor("free");
    const tier = {
      ...a.tier,
      limits: { ...a.tier.limits, tokens: { limit: 7, window: "2h46m41s", windowSeconds: 10001 } },
    };
    assert.throws(
      () => maasSubscriptionSpec({ ...a, tier }),
      /tier free: a token window of 10001s has no MaaS form/,
    );
    assert.throws(() => maasAuthPolicySpec({ ...a, models: [] }), /tier free may use no model/);
    assert.throws(() => maasSubscriptionSpec({ ...a, models: [] }), /tier free may use no model/);
  });

  it("a MaaSModelRef names its LLMInferenceService as the sample does", () => {
    const ref = maasModelRefSpec("model-a", "llm");
    assert.deepEqual(
      Object.keys(ref.spec.modelRef),
      Object.keys((sample("maas-model.yaml").spec as { modelRef: object }).modelRef),
    );
    assert.deepEqual(ref.spec.modelRef, { kind: "LLMInferenceService", name: "model-a" });
    assert.deepEqual(ref.metadata, { name: "model-a", namespace: "llm" });
  });
});
