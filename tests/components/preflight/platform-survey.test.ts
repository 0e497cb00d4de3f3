import { strict as assert } from "node:assert";
import {
  MAAS_TEST_MODEL_OBJECTS,
  STACK_LABEL,
  containerNameFor,
  deleteCommands,
  foreignObjects,
  kubeObjects,
  listenerServes,
  listenersOf,
  mappedTiers,
  unservedHostnames,
} from "../../../components/preflight/platform-survey";
import type { K8sObject } from "../../helpers/maas-platform/k8s-object";
import { maasKindCluster } from "../../helpers/maas-platform/platforms";

describe("platform survey (components/preflight/platform-survey.ts)", () => {
  const cluster = maasKindCluster();

  it("reads kubectl's three output shapes: one object, a List, nothing", () => {
    assert.deepEqual(kubeObjects(""), []);
    assert.deepEqual(kubeObjects(JSON.stringify({ kind: "A" })), [{ kind: "A" }]);
    assert.deepEqual(
      kubeObjects(JSON.stringify({ kind: "List", items: [{ kind: "A" }, { kind: "B" }] })).length,
      2,
    );
  });

  it("names the container after the template's only one, refuses several, falls back with none", () => {
    assert.deepEqual(
      containerNameFor({ namespace: "kserve", containers: [{ name: "kserve-container" }] }, "main"),
      {
        name: "kserve-container",
      },
    );
    assert.deepEqual(containerNameFor({ namespace: "kserve", containers: [] }, "main"), { name: "main" });
    const two = containerNameFor({ namespace: "llm", containers: [{ name: "a" }, { name: "b" }] }, "main");
    assert.ok("error" in two && /llm\/kserve-config-llm-template has 2 containers \(a, b\)/.test(two.error));
  });

  it("matches route hostnames to listeners as the Gateway API does", () => {
    assert.equal(listenerServes({}, "anything.example"), true);
    assert.equal(listenerServes({ hostname: "localhost" }, "localhost"), true);
    assert.equal(listenerServes({ hostname: "localhost" }, "maas.local"), false);
    assert.equal(listenerServes({ hostname: "*.maas.local" }, "a.maas.local"), true);
    assert.equal(listenerServes({ hostname: "*.maas.local" }, "maas.local"), false);
    assert.equal(listenerServes({ hostname: "a.maas.local" }, "*.maas.local"), true);
  });

  it("the MaaS Kind Gateway serves localhost and not maas.local; sectionName narrows to one listener", () => {
    const gateway = cluster.get("Gateway", "maas-gateway", "istio-system") as K8sObject;
    assert.deepEqual(unservedHostnames(listenersOf(gateway), ["localhost", "maas.local"]), ["maas.local"]);
    assert.deepEqual(listenersOf(gateway, "https"), [{ name: "https", hostname: "localhost" }]);
    assert.deepEqual(listenersOf(gateway, "nope"), []);
  });

  it("reads the tier names of maas-api's mapping (the Kind overlay's)", () => {
    const cm = cluster.get("ConfigMap", "tier-to-group-mapping", "maas-api") as K8sObject;
    assert.deepEqual(mappedTiers(cm), ["free", "premium", "enterprise"]);
    assert.deepEqual(mappedTiers({ data: {} }), []);
  });

  it("finds MaaS's test models in the way, not objects labelled with this stack, and builds the delete commands", () => {
    const found = [
      ...cluster.list("LLMInferenceService", "llm"),
      ...cluster.list("HTTPRoute", "llm"),
      ...cluster.list("PersistentVolumeClaim", "llm"),
    ];
    assert.deepEqual(foreignObjects(MAAS_TEST_MODEL_OBJECTS, found, "dev"), MAAS_TEST_MODEL_OBJECTS);
    const ours = found.map((o) => ({ ...o, metadata: { ...o.metadata, labels: { [STACK_LABEL]: "dev" } } }));
    assert.deepEqual(foreignObjects(MAAS_TEST_MODEL_OBJECTS, ours, "dev"), []);
    assert.deepEqual(foreignObjects(MAAS_TEST_MODEL_OBJECTS, ours, "other").length, 5);
    assert.deepEqual(deleteCommands("kubectl --context c", "llm", MAAS_TEST_MODEL_OBJECTS.slice(0, 3)), [
      "kubectl --context c delete --namespace llm llminferenceservices.serving.kserve.io model-a model-b",
      "kubectl --context c delete --namespace llm persistentvolumeclaims empty-model",
    ]);
  });
});
