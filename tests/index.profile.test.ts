/**
 * The program (index.ts) on mocks with `platform: maas-subscriptions`: exactly the profile's objects, each valid
 * against its vendored CRD (schema and CEL); none of the maas-kind profile's (no HTTPRoute, Role, RoleBinding
 * or model PVC of ours); tokens for the cluster audience; API keys with maas-api only, all secrets secret; the
 * outputs a StackOutputs; and the bad combinations stopped at preview, naming the key.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/config/stack-config";
import type { StackOutputs } from "../components/outputs/stack-outputs";
import { parseStackOutputs } from "../components/outputs/stack-outputs";
import { crdProblems } from "./helpers/crd-validator";
import { failProgram, runProgram } from "./helpers/program";
import type { ProgramRun } from "./helpers/program";
import { MOCK_TOKEN_EXPIRY } from "./helpers/pulumi-mocks";
import type { RecordedResource } from "./helpers/pulumi-mocks";
import { REPO_ROOT, stackConfig } from "./helpers/stack-config";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const TEST_CA_FILE = path.join(REPO_ROOT, "tests/fixtures/tls/test-ca.crt");
const K8S = (t: string) => `kubernetes:${t}`;
const LLMISVC = K8S("serving.kserve.io/v1alpha1:LLMInferenceService");
const MAAS = (kind: string) => K8S(`maas.opendatahub.io/v1alpha1:${kind}`);
const API_KEY = "pulumi-nodejs:dynamic/maas-kind:MaaSApiKey";

/** The dev stack's models and tiers on the maas-subscriptions profile (its gateway is maas-default-gateway). */
const subscriptionsStack = (extra: Record<string, unknown> = {}) =>
  stackConfig("dev", { platform: "maas-subscriptions", gateway: { namespace: "istio-system" }, ...extra });

/** `<kind> <namespace>/<name>` of every Kubernetes object the run declared. */
function objectKeys(run: ProgramRun): string[] {
  return run.mocks.resources
    .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:yaml"))
    .filter((r) => r.type !== "pulumi:providers:kubernetes")
    .map((r) => `${r.type.split(":").pop()} ${r.inputs.metadata?.namespace ?? ""}/${r.inputs.metadata?.name}`)
    .sort();
}

const typesOf = (run: ProgramRun): string[] => [...new Set(run.mocks.resources.map((r) => r.type))].sort();

describe("the program (index.ts) with platform: maas-subscriptions", function () {
  this.timeout(300_000); // compiling KServe v0.17.0's CRD

  describe("with maas-api (one API key per tier)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(
        subscriptionsStack({
          subscriptions: { maasApiUrl: "http://localhost/maas-api/", apiKeyExpiresIn: "30d" },
        }),
      );
    });

    it("declares exactly the profile's Kubernetes objects: no HTTPRoute, Role, RoleBinding or PVC of ours", () => {
      assert.deepEqual(objectKeys(run), [
        "LLMInferenceService llm/model-a",
        "LLMInferenceService llm/model-b",
        "MaaSAuthPolicy models-as-a-service/enterprise-access",
        "MaaSAuthPolicy models-as-a-service/free-access",
        "MaaSAuthPolicy models-as-a-service/premium-access",
        "MaaSModelRef llm/model-a",
        "MaaSModelRef llm/model-b",
        "MaaSSubscription models-as-a-service/enterprise-subscription",
        "MaaSSubscription models-as-a-service/free-subscription",
        "MaaSSubscription models-as-a-service/premium-subscription",
        "ServiceAccount maas-default-gateway-tier-enterprise/enterprise-user",
        "ServiceAccount maas-default-gateway-tier-free/free-user",
        "ServiceAccount maas-default-gateway-tier-premium/premium-user",
      ]);
      const types = typesOf(run);
      for (const absent of [
        "HTTPRoute",
        "Role",
        "RoleBinding",
        "PersistentVolumeClaim",
        "ModelRoute",
        "ModelStorage",
      ])
        assert.ok(!types.some((t) => t.endsWith(`:${absent}`)), `${absent}: ${types.join(", ")}`);
    });

    it("every object of an upstream CRD validates against it (schema and CEL)", () => {
      const check = (type: string, crd: string, version: string) => {
        const objects = run.mocks.ofType(type);
        assert.ok(objects.length > 0, type);
        for (const o of objects) assert.deepEqual(crdProblems(crd, version, o.inputs), [], o.name);
      };
      check(LLMISVC, "kserve-v0.17.0-llminferenceservices.yaml", "v1alpha1");
      check(MAAS("MaaSModelRef"), "maas-c0639b1b-maasmodelrefs.yaml", "v1alpha1");
      check(MAAS("MaaSAuthPolicy"), "maas-c0639b1b-maasauthpolicies.yaml", "v1alpha1");
      check(MAAS("MaaSSubscription"), "maas-c0639b1b-maassubscriptions.yaml", "v1alpha1");
    });

    it("models: container main, storage initializer off, KServe's managed router on maas-default-gateway", () => {
      const a = run.mocks.named(LLMISVC, "model-a").inputs as {
        spec: {
          storageInitializer: unknown;
          router: unknown;
          template: { containers: { name: string; image: string }[] };
        };
      };
      assert.deepEqual(a.spec.storageInitializer, { enabled: false });
      assert.deepEqual(a.spec.router, {
        route: {},
        gateway: { refs: [{ name: "maas-default-gateway", namespace: "istio-system" }] },
      });
      assert.deepEqual(
        a.spec.template.containers.map((c) => c.name),
        ["main"],
      );
      assert.equal(a.spec.template.containers[0]!.image, "localhost/maas-kind/simulator:dev");
    });

    it("each tier's policy and subscription are owned by its ServiceAccounts' namespace group, its limits its token limit", () => {
      const sub = run.mocks.named(MAAS("MaaSSubscription"), "premium-subscription").inputs as {
        spec: { owner: unknown; modelRefs: { name: string; tokenRateLimits: unknown }[]; priority: number };
      };
      assert.deepEqual(sub.spec.owner, {
        groups: [{ name: "system:serviceaccounts:maas-default-gateway-tier-premium" }],
        users: [],
      });
      assert.deepEqual(
        sub.spec.modelRefs.map((m) => [m.name, m.tokenRateLimits]),
        [
          ["model-a", [{ limit: 50000, window: "1m" }]],
          ["model-b", [{ limit: 50000, window: "1m" }]],
        ],
      );
      assert.equal(sub.spec.priority, 1);
    });

    it("tier tokens are minted for the cluster audience the profile's gateway reviews", () => {
      const tokens = run.mocks.ofType("pulumi-nodejs:dynamic/maas-kind:TokenRequest");
      assert.equal(tokens.length, 3);
      for (const t of tokens) assert.equal(t.inputs.audience, "https://kubernetes.default.svc", t.name);
    });

    it("mints one API key per tier at maas-api with the tier's own token (a secret), bound to its subscription", () => {
      const keys = run.mocks.ofType(API_KEY);
      assert.deepEqual(
        keys.map((k: RecordedResource) => {
          const i = k.inputs as {
            baseUrl: string;
            subscription: string;
            expiresIn: string;
            token: Record<string, unknown>;
          };
          return [
            k.name,
            i.baseUrl,
            i.subscription,
            i.expiresIn,
            i.token.value,
            i.token[SECRET_SIG] !== undefined,
          ];
        }),
        ["free", "premium", "enterprise"].map((t) => [
          `${t}-api-key`,
          "http://localhost/maas-api",
          `${t}-subscription`,
          "30d",
          `token-for-maas-default-gateway-tier-${t}/${t}-user`,
          true,
        ]),
      );
    });

    it("its outputs are a StackOutputs of this profile: token limits only, subscriptions, managed routes, keys", () => {
      const o = parseStackOutputs(JSON.parse(JSON.stringify(run.outputs)));
      assert.equal(o.platform, "maas-subscriptions");
      assert.deepEqual(o.gateway, {
        namespace: "istio-system",
        name: "maas-default-gateway",
        baseUrl: "http://localhost",
        hostnames: ["localhost"],
        routes: true,
      });
      assert.deepEqual(o.tiers.free, {
        name: "free",
        level: 0,
        serviceAccount: "free-user",
        namespace: "maas-default-gateway-tier-free",
        allowedModels: ["model-a"],
        limits: { tokens: { limit: 100, window: "1m", windowSeconds: 60 } },
        subscription: "free-subscription",
      });
      assert.deepEqual(o.models["model-b"], {
        name: "model-b",
        tier: "premium",
        workload: "kserve",
        namespace: "llm",
        service: "model-b-kserve-workload-svc",
        port: 8000,
        inClusterUrl: "http://model-b-kserve-workload-svc.llm.svc.cluster.local:8000",
        gatewayUrls: {
          chatCompletions: "http://localhost/llm/model-b/v1/chat/completions",
          completions: "http://localhost/llm/model-b/v1/completions",
          models: "http://localhost/llm/model-b/v1/models",
        },
        routes: [
          { prefix: "/llm/model-b/v1/completions", rewrite: "/v1/completions" },
          { prefix: "/llm/model-b/v1/chat/completions", rewrite: "/v1/chat/completions" },
          { prefix: "/llm/model-b", rewrite: "/" },
        ],
        portForward:
          "kubectl --context kind-maas-local -n llm port-forward service/model-b-kserve-workload-svc 8000:8000",
      });
      assert.deepEqual(o.tokens.premium, {
        token: "token-for-maas-default-gateway-tier-premium/premium-user",
        audience: "https://kubernetes.default.svc",
        expiresAt: MOCK_TOKEN_EXPIRY,
        serviceAccount: "premium-user",
        namespace: "maas-default-gateway-tier-premium",
        durationSeconds: 3600,
      });
      assert.deepEqual(Object.keys(o.apiKeys), ["free", "premium", "enterprise"]);
      const free = o.apiKeys.free!;
      assert.match(free.key, /^sk-oai-/);
      assert.match(free.id, /^key-/);
      assert.equal(free.subscription, "free-subscription");
      assert.equal(free.expiresAt, MOCK_TOKEN_EXPIRY);
    });

    it("tokens and API keys are exported only as secrets; nothing else is secret", async () => {
      assert.equal(await pulumi.isSecret(run.exports.tokens as pulumi.Output<unknown>), true);
      assert.equal(await pulumi.isSecret(run.exports.apiKeys as pulumi.Output<unknown>), true);
      for (const key of ["cluster", "image", "gateway", "models", "tiers"]) {
        const v = run.exports[key];
        if (pulumi.Output.isInstance(v)) assert.equal(await pulumi.isSecret(v), false, key);
      }
    });
  });

  describe("without maas-api", () => {
    it("mints no key and exports apiKeys {} (as a secret); the outputs are still a StackOutputs", async () => {
      const run = await runProgram(subscriptionsStack());
      assert.equal(run.mocks.ofType(API_KEY).length, 0);
      assert.deepEqual(run.outputs.apiKeys, {});
      assert.equal(await pulumi.isSecret(run.exports.apiKeys as pulumi.Output<unknown>), true);
      assert.deepEqual(
        (parseStackOutputs(JSON.parse(JSON.stringify(run.outputs))) as StackOutputs).apiKeys,
        {},
      );
    });

    it("an explicit tokenAudience wins over the profile's", async () => {
      const run = await runProgram(subscriptionsStack({ tokenAudience: "https://oidc.example" }));
      for (const t of run.mocks.ofType("pulumi-nodejs:dynamic/maas-kind:TokenRequest"))
        assert.equal(t.inputs.audience, "https://oidc.example");
    });
  });

  it("with an https maas-api and its CA file: the keys carry the CA's PEM", async () => {
    const run = await runProgram(
      subscriptionsStack({
        subscriptions: { maasApiUrl: "https://maas.test/maas-api", maasApiCaFile: TEST_CA_FILE },
      }),
    );
    const keys = run.mocks.ofType(API_KEY);
    assert.equal(keys.length, 3);
    for (const k of keys) assert.match(String(k.inputs.caCert), /^-----BEGIN CERTIFICATE-----/);
  });

  describe("stops at preview, naming the key, declaring nothing", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        "a token window with no MaaSSubscription form",
        {
          tiers: [
            {
              name: "free",
              level: 0,
              limits: { requests: { limit: 1, window: "1m" }, tokens: { limit: 1, window: "2h46m41s" } },
            },
          ],
          models: [{ name: "model-a", tier: "free" }],
        },
        /maas-kind:tiers\[0\]\.limits\.tokens\.window: "2h46m41s" has no MaaSSubscription form/,
      ],
      [
        "maas-api with an unreadable CA file",
        { subscriptions: { maasApiUrl: "https://maas.test", maasApiCaFile: "/nonexistent/ca.pem" } },
        /maas-kind:subscriptions\.maasApiCaFile: cannot read "\/nonexistent\/ca\.pem"/,
      ],
      ["the deployment workload", { workload: "deployment" }, /maas-kind:workload: must be kserve/],
      [
        "httpRoutes: false",
        { httpRoutes: false },
        /maas-kind:httpRoutes: cannot be false on platform maas-subscriptions/,
      ],
    ];
    for (const [what, extra, message] of cases)
      it(what, async () => {
        const { error, mocks, host } = await failProgram(subscriptionsStack(extra));
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, message);
        assert.deepEqual(mocks.resources, []);
        assert.deepEqual(host.runner.calls, [], "the host preflight did not run");
      });
  });
});
