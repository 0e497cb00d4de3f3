import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import type { ModelConfig } from "../../../components/config/stack-config";
import { parseStackConfig } from "../../../components/config/stack-config";
import { InferenceModel } from "../../../components/models/inference-model";
import { workloadPodLabels, workloadSelector } from "../../../components/models/workload-spec";
import { crdProblems } from "../../helpers/crd-validator";
import type { RecordingMocks } from "../../helpers/pulumi-mocks";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const LLMISVC = "kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService";
const model: ModelConfig = {
  ...parseStackConfig({}).models[0]!,
  replicas: 2,
  simulatorArgs: { "max-num-seqs": 8 },
};

async function build(workload: "kserve" | "deployment", apiVersion = "serving.kserve.io/v1alpha1") {
  const mocks = installMocks();
  const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
  const m = new InferenceModel("model-a", {
    provider,
    model,
    namespace: "llm",
    workload,
    apiVersion,
    modelUri: "pvc://empty-model",
    image: "localhost/maas-kind/simulator:dev",
    imageId: "sha256:feed",
    readinessTimeoutSeconds: 300,
  });
  const out = {
    name: await resolve(m.name),
    namespace: await resolve(m.namespace),
    service: await resolve(m.serviceName),
    port: await resolve(m.port),
  };
  await settle();
  return { mocks, out };
}

function onlyK8s(mocks: RecordingMocks) {
  return mocks.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
}

describe("InferenceModel component", () => {
  describe("kserve mode", () => {
    it("declares one LLMInferenceService that the v0.16 CRD schema accepts", async () => {
      const { mocks, out } = await build("kserve");
      assert.equal(
        mocks.resources.find((r) => r.name === "model-a" && !r.custom)?.type,
        "maas-kind:models:InferenceModel",
      );
      assert.deepEqual(
        onlyK8s(mocks).map((r) => r.type),
        [LLMISVC],
      );
      const [svc] = mocks.ofType(LLMISVC);
      assert.deepEqual(crdProblems("kserve-v0.16.0-llminferenceservices.yaml", "v1alpha1", svc?.inputs), []);
      assert.deepEqual(out, {
        name: "model-a",
        namespace: "llm",
        service: "model-a-kserve-workload-svc",
        port: 8000,
      });
      assert.match(svc?.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
    });

    it("names the model, points at the PVC, labels the tier and waits for Ready with the timeout", async () => {
      const { mocks } = await build("kserve");
      const { metadata, spec } = mocks.named(LLMISVC, "model-a").inputs;
      assert.equal(metadata.namespace, "llm");
      assert.deepEqual(metadata.labels, { tier: "free", "maas-kind/stack": "dev" });
      assert.equal(metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
      assert.equal(metadata.annotations["pulumi.com/timeoutSeconds"], "300");
      assert.deepEqual(spec.model, { name: "model-a", uri: "pvc://empty-model" });
      assert.equal(spec.replicas, 2);
    });

    it("runs our image in a container named `main` (KServe merges by name and mounts storage only there)", async () => {
      const { mocks } = await build("kserve");
      const { template } = mocks.named(LLMISVC, "model-a").inputs.spec;
      assert.equal(template.containers.length, 1);
      const [c] = template.containers;
      assert.equal(c.name, "main");
      assert.equal(c.image, "localhost/maas-kind/simulator:dev");
      assert.equal(c.imagePullPolicy, "IfNotPresent");
      assert.deepEqual(c.command, ["/app/llm-d-inference-sim"]);
      assert.deepEqual(c.args, [
        "--port",
        "8000",
        "--model",
        "model-a",
        "--mode",
        "random",
        "--max-num-seqs",
        "8",
      ]);
      assert.equal(c.readinessProbe.httpGet.path, "/ready");
      assert.equal(c.livenessProbe.httpGet.path, "/health");
      assert.equal(c.securityContext.runAsNonRoot, true);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
      assert.deepEqual(c.resources, {
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "500m", memory: "256Mi" },
      });
      assert.equal(template.securityContext.runAsNonRoot, true);
      assert.deepEqual(template.securityContext.seccompProfile, { type: "RuntimeDefault" });
    });

    it("carries the image id in the pod template, so a rebuilt image rolls the pods", async () => {
      const { mocks } = await build("kserve");
      const { metadata, spec } = mocks.named(LLMISVC, "model-a").inputs;
      assert.equal(metadata.annotations["maas-kind/image-id"], "sha256:feed");
      assert.deepEqual(spec.template.containers[0].env[0], {
        name: "MAAS_KIND_IMAGE_ID",
        value: "sha256:feed",
      });
    });

    it("uses the configured API version", async () => {
      const { mocks } = await build("kserve", "serving.kserve.io/v1alpha2");
      const [svc] = mocks.ofType("kubernetes:serving.kserve.io/v1alpha2:LLMInferenceService");
      assert.equal(svc?.inputs.apiVersion, "serving.kserve.io/v1alpha2");
    });
  });

  describe("deployment mode", () => {
    it("declares a Deployment and the Service KServe would generate, and no LLMInferenceService", async () => {
      const { mocks, out } = await build("deployment");
      assert.deepEqual(
        onlyK8s(mocks)
          .map((r) => r.type)
          .sort(),
        ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"],
      );
      assert.deepEqual(out, {
        name: "model-a",
        namespace: "llm",
        service: "model-a-kserve-workload-svc",
        port: 8000,
      });
      for (const r of onlyK8s(mocks)) assert.match(r.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
    });

    it("gives pods KServe's labels and the Service KServe's selector and port 8000", async () => {
      const { mocks } = await build("deployment");
      const dep = mocks.named("kubernetes:apps/v1:Deployment", "model-a-kserve").inputs;
      const svc = mocks.named("kubernetes:core/v1:Service", "model-a-kserve-workload-svc").inputs;
      const podLabels = dep.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(workloadPodLabels("model-a"))) assert.equal(podLabels[k], v, k);
      assert.equal(podLabels.tier, "free");
      assert.deepEqual(dep.spec.selector.matchLabels, workloadPodLabels("model-a"));
      assert.deepEqual(svc.spec.selector, workloadSelector("model-a"));
      for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>)) {
        assert.equal(podLabels[k], v, `the Service selects the pods on ${k}`);
      }
      assert.equal(svc.spec.type, "ClusterIP");
      assert.deepEqual(svc.spec.ports, [{ name: "http", port: 8000, targetPort: 8000, protocol: "TCP" }]);
      assert.equal(dep.spec.replicas, 2);
    });

    it("runs the same `main` container and annotates the pod template with the image id", async () => {
      const { mocks } = await build("deployment");
      const dep = mocks.named("kubernetes:apps/v1:Deployment", "model-a-kserve").inputs;
      const [c] = dep.spec.template.spec.containers;
      assert.equal(c.name, "main");
      assert.equal(c.image, "localhost/maas-kind/simulator:dev");
      assert.equal(c.imagePullPolicy, "IfNotPresent");
      assert.deepEqual(c.ports, [{ name: "http", containerPort: 8000, protocol: "TCP" }]);
      assert.equal(dep.spec.template.metadata.annotations["maas-kind/image-id"], "sha256:feed");
      assert.equal(dep.metadata.annotations["pulumi.com/timeoutSeconds"], "300");
    });
  });

  it("refuses kserve mode without a model URI", () => {
    installMocks();
    assert.throws(
      () =>
        new InferenceModel("m", {
          provider: new k8s.Provider("kind", {}),
          model,
          namespace: "llm",
          workload: "kserve",
          apiVersion: "serving.kserve.io/v1alpha1",
          image: "i:t",
          imageId: "sha256:1",
          readinessTimeoutSeconds: 1,
        }),
      /kserve mode needs modelUri/,
    );
  });
});
