import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { parseStackConfig } from "../../../components/config/stack-config";
import { TierSubscription } from "../../../components/subscriptions/tier-subscription";
import { crdProblems } from "../../helpers/crd-validator";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const AUTH = "kubernetes:maas.opendatahub.io/v1alpha1:MaaSAuthPolicy";
const SUB = "kubernetes:maas.opendatahub.io/v1alpha1:MaaSSubscription";

describe("TierSubscription component", () => {
  it("declares the tier's MaaSAuthPolicy and MaaSSubscription, valid against the MaaS CRDs", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
    const tier = parseStackConfig({}).tiers.find((t) => t.name === "enterprise")!;
    const t = new TierSubscription("tier-enterprise", {
      provider,
      tier,
      models: ["model-a", "model-b"],
      modelsNamespace: "llm",
      subscriptionNamespace: "models-as-a-service",
      group: "system:serviceaccounts:maas-api-tier-enterprise",
    });
    const out = { sub: await resolve(t.subscriptionName), auth: await resolve(t.authPolicyName) };
    await settle();
    assert.deepEqual(out, { sub: "enterprise-subscription", auth: "enterprise-access" });
    assert.equal(
      mocks.resources.find((r) => r.name === "tier-enterprise" && !r.custom)?.type,
      "maas-kind:subscriptions:TierSubscription",
    );
    const [auth] = mocks.ofType(AUTH);
    const [sub] = mocks.ofType(SUB);
    assert.ok(auth && sub);
    assert.deepEqual(crdProblems("maas-c0639b1b-maasauthpolicies.yaml", "v1alpha1", auth.inputs), []);
    assert.deepEqual(crdProblems("maas-c0639b1b-maassubscriptions.yaml", "v1alpha1", sub.inputs), []);
    const limits = (sub.inputs as { spec: { modelRefs: { tokenRateLimits: unknown }[] } }).spec.modelRefs;
    assert.deepEqual(
      limits.map((r) => r.tokenRateLimits),
      [
        [{ limit: tier.limits.tokens.limit, window: "1m" }],
        [{ limit: tier.limits.tokens.limit, window: "1m" }],
      ],
    );
  });
});
