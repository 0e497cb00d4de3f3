import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../../components/config/stack-config";
import { parseStackConfig } from "../../../components/config/stack-config";
import { TierAccess } from "../../../components/access/tier-access";
import type { RecordingMocks } from "../../helpers/pulumi-mocks";
import { installMocks, MOCK_TOKEN_EXPIRY, resolve, settle } from "../../helpers/pulumi-mocks";
import { stackConfig } from "../../helpers/stack-config";

async function build(config: StackConfig, modelRoles?: boolean) {
  const mocks = installMocks();
  const access = new TierAccess("tiers", {
    provider: new k8s.Provider("kind", { context: "kind-maas-local" }),
    tiers: config.tiers,
    models: config.models,
    modelsNamespace: "llm",
    tierNamespaces: Object.fromEntries(config.tiers.map((t) => [t.name, config.namespaces.tiers[t.name]!])),
    audience: "maas-default-gateway-sa",
    tokenSeconds: 3600,
    kube: { context: "kind-maas-local" },
    ...(modelRoles !== undefined ? { modelRoles } : {}),
  });
  const accounts = await resolve(access.accounts);
  const tokens = await resolve(access.tokens);
  await settle();
  return { mocks, access, accounts, tokens };
}

/**
 * What the MaaS gateway's SubjectAccessReview answers, evaluated over the declared RBAC objects: may this
 * ServiceAccount `create` llminferenceservices/<model> in `llm`?
 */
function canUse(mocks: RecordingMocks, sa: string, model: string): boolean {
  const roles = mocks.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role");
  return mocks.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").some((b) => {
    const bound = (b.inputs.subjects as { kind: string; name: string; namespace: string }[]).some(
      (s) =>
        s.kind === "ServiceAccount" &&
        s.name === sa &&
        s.namespace === `maas-default-gateway-tier-${sa.replace(/-user$/, "")}`,
    );
    if (!bound || b.inputs.metadata.namespace !== "llm" || b.inputs.roleRef.kind !== "Role") return false;
    const role = roles.find(
      (r) => r.inputs.metadata.name === b.inputs.roleRef.name && r.inputs.metadata.namespace === "llm",
    );
    return (
      role?.inputs.rules as {
        apiGroups: string[];
        resources: string[];
        resourceNames?: string[];
        verbs: string[];
      }[]
    ).some(
      (rule) =>
        rule.apiGroups.includes("serving.kserve.io") &&
        rule.resources.includes("llminferenceservices") &&
        rule.verbs.includes("create") &&
        (rule.resourceNames ?? [model]).includes(model),
    );
  });
}

describe("TierAccess component", () => {
  const dev = parseStackConfig(stackConfig("dev"));

  it("creates one labelled ServiceAccount per tier in its tier namespace <maasInstance>-tier-<tier>", async () => {
    const { mocks, accounts } = await build(dev);
    assert.equal(mocks.resources.find((r) => r.name === "tiers")?.type, "maas-kind:access:TierAccess");
    assert.deepEqual(
      mocks
        .ofType("kubernetes:core/v1:ServiceAccount")
        .map((r) => [r.inputs.metadata.name, r.inputs.metadata.namespace, r.inputs.metadata.labels.tier]),
      [
        ["free-user", "maas-default-gateway-tier-free", "free"],
        ["premium-user", "maas-default-gateway-tier-premium", "premium"],
        ["enterprise-user", "maas-default-gateway-tier-enterprise", "enterprise"],
      ],
    );
    assert.deepEqual(accounts.free, {
      serviceAccount: "free-user",
      namespace: "maas-default-gateway-tier-free",
    });
  });

  it("grants exactly the MaaS matrix: free → model-a; premium, enterprise → model-a, model-b", async () => {
    const { mocks, access } = await build(dev);
    const matrix = Object.fromEntries(
      ["free", "premium", "enterprise"].map((t) => [
        t,
        ["model-a", "model-b"].filter((m) => canUse(mocks, `${t}-user`, m)),
      ]),
    );
    assert.deepEqual(matrix, {
      free: ["model-a"],
      premium: ["model-a", "model-b"],
      enterprise: ["model-a", "model-b"],
    });
    assert.deepEqual(access.allowedModels, matrix);
  });

  it("writes stack-scoped Roles `maas-kind-<stack>-<model>-access` with get on the Service and get/list/create on the LLMInferenceService", async () => {
    const { mocks } = await build(dev);
    const role = mocks.named(
      "kubernetes:rbac.authorization.k8s.io/v1:Role",
      "maas-kind-dev-model-b-access",
    ).inputs;
    assert.equal(role.metadata.namespace, "llm");
    assert.deepEqual(role.rules, [
      { apiGroups: [""], resources: ["services"], resourceNames: ["model-b"], verbs: ["get"] },
      {
        apiGroups: ["serving.kserve.io"],
        resources: ["llminferenceservices"],
        resourceNames: ["model-b"],
        verbs: ["get", "list", "create"],
      },
    ]);
  });

  it("makes no cluster-wide grants and names every resource in every rule", async () => {
    const { mocks } = await build(dev);
    assert.deepEqual(
      mocks.resources.filter((r) => /ClusterRole/.test(r.type)),
      [],
    );
    for (const role of mocks.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role")) {
      for (const rule of role.inputs.rules) assert.ok(rule.resourceNames?.length === 1, JSON.stringify(rule));
    }
  });

  it("follows the levels for other tier sets (three models, a top-tier-only model)", async () => {
    const config = parseStackConfig(
      stackConfig("dev", {
        models: [
          { name: "a", tier: "free" },
          { name: "b", tier: "premium" },
          { name: "c", tier: "enterprise" },
        ],
      }),
    );
    const { mocks } = await build(config);
    assert.deepEqual(
      ["free", "premium", "enterprise"].map((t) =>
        ["a", "b", "c"].filter((m) => canUse(mocks, `${t}-user`, m)),
      ),
      [["a"], ["a", "b"], ["a", "b", "c"]],
    );
  });

  it("mints one token per tier for its ServiceAccount with the audience and duration, as secret outputs", async () => {
    const { mocks, access, tokens } = await build(dev);
    const requests = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:TokenRequest");
    assert.deepEqual(
      requests.map((r) => [
        r.inputs.namespace,
        r.inputs.serviceAccount,
        r.inputs.audience,
        r.inputs.expirationSeconds,
        r.inputs.context,
      ]),
      ["free", "premium", "enterprise"].map((t) => [
        `maas-default-gateway-tier-${t}`,
        `${t}-user`,
        "maas-default-gateway-sa",
        3600,
        "kind-maas-local",
      ]),
    );
    assert.equal(await pulumi.isSecret(access.tokens), true);
    assert.deepEqual(tokens.free, {
      token: "token-for-maas-default-gateway-tier-free/free-user",
      expiresAt: MOCK_TOKEN_EXPIRY,
    });
  });

  it("with modelRoles: false (maas-subscriptions) declares the ServiceAccounts and tokens but no RBAC at all", async () => {
    const { mocks, accounts, tokens } = await build(dev, false);
    const types = [...new Set(mocks.resources.filter((r) => r.custom).map((r) => r.type))].sort();
    assert.deepEqual(types, [
      "kubernetes:core/v1:ServiceAccount",
      "pulumi-nodejs:dynamic/maas-kind:TokenRequest",
      "pulumi:providers:kubernetes",
    ]);
    assert.deepEqual(Object.keys(accounts), ["free", "premium", "enterprise"]);
    assert.equal(Object.keys(tokens).length, 3);
    for (const t of ["free", "premium", "enterprise"])
      assert.equal(canUse(mocks, `${t}-user`, "model-a"), false);
  });
});
