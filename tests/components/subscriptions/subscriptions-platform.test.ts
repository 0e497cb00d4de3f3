import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../../components/config/stack-config";
import { SubscriptionsPlatform } from "../../../components/subscriptions/subscriptions-platform";
import { crdProblems } from "../../helpers/crd-validator";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const config = parseStackConfig({});
const tierNamespaces = Object.fromEntries(config.tiers.map((t) => [t.name, `maas-api-tier-${t.name}`]));

function build(apiKeys: boolean, tiers = config.tiers) {
  const mocks = installMocks();
  const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
  const p = new SubscriptionsPlatform("subscriptions", {
    provider,
    models: config.models,
    tiers,
    modelsNamespace: "llm",
    tierNamespaces,
    subscriptionNamespace: "models-as-a-service",
    gatewayNamespace: "istio-system",
    apiVersion: "serving.kserve.io/v1alpha1",
    image: "localhost/maas-kind/simulator:dev",
    imageId: "sha256:feed",
    tls: false,
    readinessTimeoutSeconds: 300,
    ...(apiKeys
      ? {
          apiKeys: {
            maasApiUrl: "http://localhost:8080/maas-api",
            expiresIn: "30d",
            tokens: pulumi.secret(Object.fromEntries(tiers.map((t) => [t.name, `${t.name}-token`]))),
          },
        }
      : {}),
  });
  return { mocks, p };
}

describe("SubscriptionsPlatform component", function () {
  this.timeout(180_000); // compiling KServe v0.17.0's CRD

  it("declares per model an LLMInferenceService and MaaSModelRef, per tier a policy, a subscription and a key", async () => {
    const { mocks, p } = build(true);
    const models = await resolve(p.models);
    const subs = await resolve(p.subscriptions);
    await settle();
    assert.deepEqual(models, { "model-a": "llm", "model-b": "llm" });
    assert.deepEqual(subs, {
      free: "free-subscription",
      premium: "premium-subscription",
      enterprise: "enterprise-subscription",
    });
    const kinds = (t: string) => mocks.ofType(`kubernetes:${t}`);
    assert.equal(kinds("serving.kserve.io/v1alpha1:LLMInferenceService").length, 2);
    assert.equal(kinds("maas.opendatahub.io/v1alpha1:MaaSModelRef").length, 2);
    const policies = kinds("maas.opendatahub.io/v1alpha1:MaaSAuthPolicy");
    const subscriptions = kinds("maas.opendatahub.io/v1alpha1:MaaSSubscription");
    assert.equal(policies.length, 3);
    for (const s of subscriptions)
      assert.deepEqual(crdProblems("maas-c0639b1b-maassubscriptions.yaml", "v1alpha1", s.inputs), []);
    for (const a of policies)
      assert.deepEqual(crdProblems("maas-c0639b1b-maasauthpolicies.yaml", "v1alpha1", a.inputs), []);
    const owners = subscriptions.map(
      (s) => (s.inputs as { spec: { owner: { groups: { name: string }[] } } }).spec.owner.groups[0]!.name,
    );
    assert.deepEqual(
      owners,
      config.tiers.map((t) => `system:serviceaccounts:maas-api-tier-${t.name}`),
    );
    const keys = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:MaaSApiKey");
    // A secret input reaches the engine wrapped with Pulumi's secret signature (sdk/nodejs/runtime/rpc.ts).
    const SECRET_SIG = "4dabf18193072939515e22adb298388d";
    assert.deepEqual(
      keys.map((k) => {
        const i = k.inputs as { subscription: string; token: Record<string, string> };
        return [k.name, i.subscription, i.token.value, i.token[SECRET_SIG] !== undefined];
      }),
      config.tiers.map((t) => [`${t.name}-api-key`, `${t.name}-subscription`, `${t.name}-token`, true]),
    );
    assert.equal(await pulumi.isSecret(p.apiKeys), true);
  });

  it("without maas-api no key; a tier that may use no model gets no policy, subscription or key", async () => {
    const tiers = [...config.tiers, { ...config.tiers[0]!, name: "nobody", level: -1 }];
    const { mocks, p } = build(false, tiers);
    const subs = await resolve(p.subscriptions);
    await settle();
    assert.deepEqual(Object.keys(subs), ["free", "premium", "enterprise"]);
    assert.equal(mocks.ofType("pulumi-nodejs:dynamic/maas-kind:MaaSApiKey").length, 0);
    assert.deepEqual(await resolve(p.apiKeys), {});
  });

  it("passes the gateway name, pull secrets and maas-api's CA on; a key's entry carries maas-api's id", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
    const p = new SubscriptionsPlatform("subscriptions", {
      provider,
      models: config.models,
      tiers: config.tiers,
      modelsNamespace: "llm",
      tierNamespaces,
      subscriptionNamespace: "models-as-a-service",
      gatewayNamespace: "openshift-ingress",
      gatewayName: "my-gateway",
      imagePullSecrets: ["registry-pull"],
      apiVersion: "serving.kserve.io/v1alpha1",
      image: "quay.io/u/sim@sha256:abc",
      imageId: "sha256:feed",
      tls: true,
      readinessTimeoutSeconds: 300,
      apiKeys: {
        maasApiUrl: "https://maas.test/maas-api",
        tokens: pulumi.secret(Object.fromEntries(config.tiers.map((t) => [t.name, `${t.name}-token`]))),
        caCert: "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n",
      },
    });
    const keys = await resolve(p.apiKeys);
    await settle();
    const svc = mocks.ofType("kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService")[0]!.inputs as {
      spec: { router: { gateway: { refs: unknown[] } }; template: { imagePullSecrets: unknown[] } };
    };
    assert.deepEqual(svc.spec.router.gateway.refs, [{ name: "my-gateway", namespace: "openshift-ingress" }]);
    assert.deepEqual(svc.spec.template.imagePullSecrets, [{ name: "registry-pull" }]);
    for (const k of mocks.ofType("pulumi-nodejs:dynamic/maas-kind:MaaSApiKey"))
      assert.match(String(k.inputs.caCert), /^-----BEGIN CERTIFICATE-----/);
    assert.deepEqual(Object.keys(keys), ["free", "premium", "enterprise"]);
    assert.match(keys.free!.id, /^key-/);
    assert.equal(keys.free!.subscription, "free-subscription");
  });
});
