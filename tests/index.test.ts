import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/config/stack-config";
import type { StackOutputs } from "../components/outputs/stack-outputs";
import { parseStackOutputs } from "../components/outputs/stack-outputs";
import { crdProblems } from "./helpers/crd-validator";
import { failProgram, runProgram } from "./helpers/program";
import { MOCK_TOKEN_EXPIRY } from "./helpers/pulumi-mocks";
import { stackConfig } from "./helpers/stack-config";

const LLMISVC = "kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService";
const HTTPROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const STACK_KEYS = ["platform", "cluster", "image", "gateway", "models", "tiers", "tokens", "apiKeys"];

describe("the program (index.ts) on mocks", () => {
  describe("with the dev stack", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
      run = await runProgram(stackConfig("dev"));
    });

    it("exports exactly the StackOutputs keys, and their JSON validates as StackOutputs", () => {
      assert.deepEqual(Object.keys(run.exports).sort(), [...STACK_KEYS].sort());
      const outputs = parseStackOutputs(JSON.parse(JSON.stringify(run.outputs)));
      assert.deepEqual(outputs.cluster, { name: "maas-local", context: "kind-maas-local" });
      assert.equal(outputs.platform, "maas-kind");
      assert.deepEqual(outputs.apiKeys, {});
    });

    it("describes every model: tier, service, port, URLs and a port-forward command", () => {
      const { models } = run.outputs as unknown as StackOutputs;
      assert.deepEqual(Object.keys(models), ["model-a", "model-b"]);
      assert.deepEqual(models["model-a"], {
        name: "model-a",
        tier: "free",
        workload: "kserve",
        namespace: "llm",
        service: "model-a-kserve-workload-svc",
        port: 8000,
        inClusterUrl: "http://model-a-kserve-workload-svc.llm.svc.cluster.local:8000",
        gatewayUrls: {
          chatCompletions: "http://localhost/llm/model-a/v1/chat/completions",
          completions: "http://localhost/llm/model-a/v1/completions",
          models: "http://localhost/llm/model-a/v1/models",
        },
        routes: [
          { prefix: "/llm/model-a/v1/chat/completions", rewrite: "/v1/chat/completions" },
          { prefix: "/llm/model-a/v1/completions", rewrite: "/v1/completions" },
          { prefix: "/llm/model-a/v1/models", rewrite: "/v1/models" },
        ],
        portForward:
          "kubectl --context kind-maas-local -n llm port-forward service/model-a-kserve-workload-svc 8000:8000",
      });
      assert.equal(models["model-b"]?.tier, "premium");
    });

    it("describes every tier: ServiceAccount, allowed models and the configured limits", () => {
      const { tiers } = run.outputs as unknown as StackOutputs;
      assert.deepEqual(tiers.free, {
        name: "free",
        level: 0,
        serviceAccount: "free-user",
        namespace: "maas-default-gateway-tier-free",
        allowedModels: ["model-a"],
        limits: {
          requests: { limit: 5, window: "2m", windowSeconds: 120 },
          tokens: { limit: 100, window: "1m", windowSeconds: 60 },
        },
      });
      assert.deepEqual(tiers.premium?.allowedModels, ["model-a", "model-b"]);
      assert.deepEqual(tiers.enterprise?.limits.tokens.limit, 100_000);
    });

    it("exports the tokens only as a secret, with audience and expiry", async () => {
      assert.equal(await pulumi.isSecret(run.exports.tokens as pulumi.Output<unknown>), true);
      for (const key of ["cluster", "image", "gateway", "models", "tiers"]) {
        const v = run.exports[key];
        if (pulumi.Output.isInstance(v)) assert.equal(await pulumi.isSecret(v), false, key);
      }
      const { tokens } = run.outputs as unknown as StackOutputs;
      assert.deepEqual(tokens.free, {
        token: "token-for-maas-default-gateway-tier-free/free-user",
        audience: "maas-default-gateway-sa",
        expiresAt: MOCK_TOKEN_EXPIRY,
        serviceAccount: "free-user",
        namespace: "maas-default-gateway-tier-free",
        durationSeconds: 3600,
      });
    });

    it("sends every Kubernetes object through the one explicit kind-maas-local provider", () => {
      const [provider] = run.mocks.ofType("pulumi:providers:kubernetes");
      assert.equal(provider?.inputs.context, "kind-maas-local");
      const objects = run.mocks.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
      assert.ok(objects.length > 10);
      for (const r of objects)
        assert.match(r.provider ?? "", /::pulumi:providers:kubernetes::kind::/, `${r.type} ${r.name}`);
    });

    it("declares the MaaS objects: namespaces, PVC, two LLMInferenceServices, two routes, RBAC, tokens, image", () => {
      const count = (type: string) => run.mocks.ofType(type).length;
      assert.equal(count("kubernetes:core/v1:Namespace"), 0);
      assert.equal(count("pulumi-nodejs:dynamic/maas-kind:NamespaceClaim"), 4);
      assert.equal(count("kubernetes:core/v1:PersistentVolumeClaim"), 1);
      assert.equal(count(LLMISVC), 2);
      assert.equal(count(HTTPROUTE), 2);
      assert.equal(count("kubernetes:core/v1:ServiceAccount"), 3);
      assert.equal(count("kubernetes:rbac.authorization.k8s.io/v1:Role"), 2);
      assert.equal(count("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), 2);
      assert.equal(count("pulumi-nodejs:dynamic/maas-kind:TokenRequest"), 3);
      assert.equal(count("docker:index/image:Image"), 1);
      assert.equal(count("kubernetes:apps/v1:Deployment"), 0);
      assert.deepEqual(
        run.mocks.resources.filter((r) => /ClusterRole/.test(r.type)),
        [],
      );
    });

    it("runs the loaded image (tag, IfNotPresent, image id) in container `main` of each LLMInferenceService", () => {
      const image = run.outputs.image as StackOutputs["image"];
      for (const svc of run.mocks.ofType(LLMISVC)) {
        assert.deepEqual(crdProblems("kserve-v0.16.0-llminferenceservices.yaml", "v1alpha1", svc.inputs), []);
        const [c] = svc.inputs.spec.template.containers;
        assert.equal(c.name, "main");
        assert.equal(c.image, "localhost/maas-kind/simulator:dev");
        assert.equal(c.imagePullPolicy, "IfNotPresent");
        assert.equal(svc.inputs.metadata.annotations["maas-kind/image-id"], image.id);
        assert.equal(svc.inputs.spec.model.uri, "pvc://empty-model");
      }
    });

    it("routes /llm/<model>/… on istio-system/maas-gateway to port 8000, within the CRD's CEL rules", () => {
      for (const route of run.mocks.ofType(HTTPROUTE)) {
        assert.deepEqual(crdProblems("gateway-api-v1.2.1-httproutes.yaml", "v1", route.inputs), []);
        assert.deepEqual(route.inputs.spec.parentRefs[0], {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          namespace: "istio-system",
          name: "maas-gateway",
        });
        assert.deepEqual(route.inputs.spec.hostnames, ["localhost"]);
        for (const rule of route.inputs.spec.rules) assert.equal(rule.backendRefs[0].port, 8000);
      }
    });
  });

  it("one model: one LLMInferenceService, one route, and every tier reaches it", async () => {
    const run = await runProgram(stackConfig("dev", { models: [{ name: "solo", tier: "free" }] }));
    assert.deepEqual(
      run.mocks.ofType(LLMISVC).map((r) => r.inputs.metadata.name),
      ["solo"],
    );
    assert.deepEqual(
      run.mocks.ofType(HTTPROUTE).map((r) => r.inputs.metadata.name),
      ["solo-route"],
    );
    const { tiers } = parseStackOutputs(run.outputs);
    assert.deepEqual(
      Object.values(tiers).map((t) => t.allowedModels),
      [["solo"], ["solo"], ["solo"]],
    );
  });

  it("three models: one of each per model, and the level matrix", async () => {
    const run = await runProgram(
      stackConfig("dev", {
        models: [
          { name: "a", tier: "free" },
          { name: "b", tier: "premium" },
          { name: "c", tier: "enterprise", replicas: 2 },
        ],
      }),
    );
    assert.equal(run.mocks.ofType(LLMISVC).length, 3);
    assert.equal(run.mocks.ofType(HTTPROUTE).length, 3);
    assert.equal(run.mocks.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").length, 3);
    const out = parseStackOutputs(run.outputs);
    assert.deepEqual(Object.fromEntries(Object.values(out.tiers).map((t) => [t.name, t.allowedModels])), {
      free: ["a"],
      premium: ["a", "b"],
      enterprise: ["a", "b", "c"],
    });
    assert.equal(run.mocks.named(LLMISVC, "c").inputs.spec.replicas, 2);
  });

  it("deployment mode: Deployments and KServe-named Services instead of LLMInferenceServices, no PVC, same outputs", async () => {
    const run = await runProgram(stackConfig("dev", { workload: "deployment" }));
    assert.equal(run.mocks.ofType(LLMISVC).length, 0);
    assert.equal(run.mocks.ofType("kubernetes:core/v1:PersistentVolumeClaim").length, 0);
    assert.deepEqual(
      run.mocks.ofType("kubernetes:apps/v1:Deployment").map((r) => r.inputs.metadata.name),
      ["model-a-kserve", "model-b-kserve"],
    );
    assert.deepEqual(
      run.mocks.ofType("kubernetes:core/v1:Service").map((r) => r.inputs.metadata.name),
      ["model-a-kserve-workload-svc", "model-b-kserve-workload-svc"],
    );
    const out = parseStackOutputs(run.outputs);
    assert.equal(out.models["model-a"]?.workload, "deployment");
    assert.equal(out.models["model-a"]?.service, "model-a-kserve-workload-svc");
    for (const route of run.mocks.ofType(HTTPROUTE)) {
      const svc = route.inputs.spec.rules[0].backendRefs[0].name;
      assert.ok(
        run.mocks.ofType("kubernetes:core/v1:Service").some((s) => s.inputs.metadata.name === svc),
        svc,
      );
    }
  });

  it("a custom gateway and hostnames reach the routes and the outputs' URLs", async () => {
    const run = await runProgram(
      stackConfig("dev", {
        gateway: {
          namespace: "edge",
          name: "public",
          sectionName: "http",
          baseUrl: "https://api.example.com:8443/",
        },
        hostnames: ["api.example.com"],
      }),
    );
    const route = run.mocks.named(HTTPROUTE, "model-a-route").inputs;
    assert.deepEqual(route.spec.parentRefs[0], {
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
      namespace: "edge",
      name: "public",
      sectionName: "http",
    });
    assert.deepEqual(route.spec.hostnames, ["api.example.com"]);
    const out = parseStackOutputs(run.outputs);
    assert.deepEqual(out.gateway, {
      namespace: "edge",
      name: "public",
      baseUrl: "https://api.example.com:8443",
      hostnames: ["api.example.com"],
      routes: true,
    });
    assert.equal(
      out.models["model-b"]?.gatewayUrls.models,
      "https://api.example.com:8443/llm/model-b/v1/models",
    );
  });

  it("a different KServe API version, namespaces and cluster name flow into every object", async () => {
    const run = await runProgram(
      stackConfig("dev", {
        kserveApiVersion: "serving.kserve.io/v1alpha2",
        modelsNamespace: "models",
        maasInstance: "other-maas",
        clusterName: "other",
      }),
    );
    const svcs = run.mocks.ofType("kubernetes:serving.kserve.io/v1alpha2:LLMInferenceService");
    assert.equal(svcs.length, 2);
    assert.ok(
      svcs.every(
        (s) =>
          s.inputs.apiVersion === "serving.kserve.io/v1alpha2" && s.inputs.metadata.namespace === "models",
      ),
    );
    const out = parseStackOutputs(run.outputs);
    assert.equal(out.cluster.context, "kind-other");
    assert.equal(out.models["model-a"]?.gatewayUrls.models, "http://localhost/models/model-a/v1/models");
    assert.equal(out.tiers.free?.namespace, "other-maas-tier-free");
    const [load] = run.mocks.ofType("pulumi-nodejs:dynamic/maas-kind:KindImageLoad");
    assert.equal(load?.inputs.cluster, "other");
    const binding = run.mocks.named(
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "maas-kind-dev-model-a-access",
    ).inputs;
    assert.equal(binding.metadata.namespace, "models");
    assert.ok(
      binding.subjects.every((s: { namespace: string }) => s.namespace.startsWith("other-maas-tier-")),
    );
  });

  it("httpRoutes=false declares no HTTPRoute but keeps the rest", async () => {
    const run = await runProgram(stackConfig("dev", { httpRoutes: false }));
    assert.equal(run.mocks.ofType(HTTPROUTE).length, 0);
    assert.equal(parseStackOutputs(run.outputs).gateway.routes, false);
  });

  describe("invalid configs fail with the key named, before any resource is declared", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["unknown key", { colour: "blue" }, /maas-kind:colour: unknown key/],
      [
        "unknown tier",
        { models: [{ name: "a", tier: "gold" }] },
        /maas-kind:models\[0\]\.tier: unknown tier "gold"/,
      ],
      [
        "bad model name",
        { models: [{ name: "Model_B", tier: "free" }] },
        /maas-kind:models\[0\]\.name: "Model_B" is not a DNS label/,
      ],
      [
        "duplicate model",
        {
          models: [
            { name: "a", tier: "free" },
            { name: "a", tier: "free" },
          ],
        },
        /maas-kind:models\[1\]\.name: duplicate model "a"/,
      ],
      [
        "bad quantity",
        { models: [{ name: "a", tier: "free", resources: { limits: { memory: "lots" } } }] },
        /maas-kind:models\[0\]\.resources\.limits\.memory: "lots"/,
      ],
      ["latest tag", { imageTag: "latest" }, /maas-kind:imageTag: must not be `latest`/],
    ];
    for (const [what, overrides, expected] of cases) {
      it(what, async () => {
        const { error, mocks } = await failProgram(stackConfig("dev", overrides));
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, expected);
        assert.deepEqual(mocks.resources, [], "no resource was declared");
      });
    }
  });
});
