import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { parseStackConfig } from "../../../components/config/stack-config";
import { SubscriptionModel } from "../../../components/subscriptions/subscription-model";
import { crdProblems } from "../../helpers/crd-validator";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const LLMISVC = "kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService";
const REF = "kubernetes:maas.opendatahub.io/v1alpha1:MaaSModelRef";

describe("SubscriptionModel component", function () {
  this.timeout(180_000); // compiling KServe v0.17.0's CRD

  it("declares the model's LLMInferenceService (awaited Ready) and its MaaSModelRef, both valid", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
    const model = parseStackConfig({}).models[1]!;
    const m = new SubscriptionModel("model-b", {
      provider,
      model,
      namespace: "llm",
      apiVersion: "serving.kserve.io/v1alpha1",
      gatewayNamespace: "istio-system",
      image: "localhost/maas-kind/simulator:dev",
      imageId: "sha256:feed",
      tls: false,
      readinessTimeoutSeconds: 300,
    });
    const out = {
      name: await resolve(m.name),
      namespace: await resolve(m.namespace),
      ref: await resolve(m.modelRefName),
    };
    await settle();
    assert.deepEqual(out, { name: "model-b", namespace: "llm", ref: "model-b" });
    assert.equal(
      mocks.resources.find((r) => r.name === "model-b" && !r.custom)?.type,
      "maas-kind:subscriptions:SubscriptionModel",
    );
    const [svc] = mocks.ofType(LLMISVC);
    const [ref] = mocks.ofType(REF);
    assert.ok(svc && ref);
    assert.deepEqual(crdProblems("kserve-v0.17.0-llminferenceservices.yaml", "v1alpha1", svc.inputs), []);
    assert.deepEqual(crdProblems("maas-c0639b1b-maasmodelrefs.yaml", "v1alpha1", ref.inputs), []);
    const meta = (svc.inputs as { metadata: { labels: object; annotations: Record<string, string> } })
      .metadata;
    assert.deepEqual(meta.labels, { tier: "premium", "maas-kind/stack": "dev" });
    assert.deepEqual((ref.inputs as { metadata: { labels: object } }).metadata.labels, {
      "maas-kind/stack": "dev",
    });
    assert.equal(meta.annotations["pulumi.com/waitFor"], "condition=Ready");
    assert.equal(meta.annotations["pulumi.com/timeoutSeconds"], "300");
    assert.deepEqual((svc.inputs as { spec: { storageInitializer: object } }).spec.storageInitializer, {
      enabled: false,
    });
  });
});
