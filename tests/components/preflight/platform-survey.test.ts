import { strict as assert } from "node:assert";
import {
  MAAS_CRDS,
  MAAS_TEST_MODEL_OBJECTS,
  STACK_LABEL,
  containerNameFor,
  deleteCommands,
  fittingProfile,
  foreignObjects,
  kubeObjects,
  listenerServes,
  listenersOf,
  mappedTiers,
  platformSigns,
  storageInitializerVersions,
  unservedHostnames,
} from "../../../components/preflight/platform-survey";
import type { FakeCluster } from "../../helpers/maas-platform/fake-cluster";
import { maasSubscriptionsCluster } from "../../helpers/maas-platform/subscriptions-cluster";
import type { K8sObject } from "../../helpers/maas-platform/k8s-object";
import { bareKindCluster, maasKindCluster, stockKServeCluster } from "../../helpers/maas-platform/platforms";

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

  describe("which profile a cluster fits (platformSigns, fittingProfile)", () => {
    /** The signs as the preflight reads them: every CRD, the Deployments, the tier mapping. */
    const signsOf = (c: FakeCluster) =>
      platformSigns(
        c.list("CustomResourceDefinition"),
        c.list("Deployment"),
        c.get("ConfigMap", "tier-to-group-mapping", "maas-api") !== undefined,
      );

    it("MaaS's Kind install (30050fd3): maas-kind, certain, by its tier mapping and maas-api", () => {
      const signs = signsOf(maasKindCluster({ withModels: false }));
      assert.deepEqual(signs, {
        maasCrds: [],
        maasController: [],
        maasApi: ["maas-api"],
        tierMapping: true,
      });
      const verdict = fittingProfile(signs);
      assert.equal(verdict.profile, "maas-kind");
      assert.equal(verdict.certain, true);
      assert.match(verdict.evidence, /ConfigMap maas-api\/tier-to-group-mapping/);
    });

    it("MaaS's local deploy (c0639b1b): maas-subscriptions, certain, by its CRDs and maas-controller", () => {
      const signs = signsOf(maasSubscriptionsCluster());
      assert.deepEqual(signs.maasCrds, MAAS_CRDS);
      assert.deepEqual(signs.maasController, ["maas-system"]);
      assert.deepEqual(signs.maasApi, ["maas-system"]);
      assert.equal(signs.tierMapping, false);
      const verdict = fittingProfile(signs);
      assert.deepEqual([verdict.profile, verdict.certain], ["maas-subscriptions", true]);
      assert.match(verdict.evidence, /a maas-controller Deployment \(in maas-system\)/);
    });

    it("the CRDs without maas-controller: maas-subscriptions, only probable", () => {
      const verdict = fittingProfile(signsOf(maasSubscriptionsCluster({ withController: false })));
      assert.deepEqual([verdict.profile, verdict.certain], ["maas-subscriptions", false]);
    });

    it("today's MaaS wins over a leftover tier mapping; no MaaS at all fits no profile", () => {
      const both = fittingProfile({ ...signsOf(maasSubscriptionsCluster()), tierMapping: true });
      assert.equal(both.profile, "maas-subscriptions");
      for (const c of [bareKindCluster(), stockKServeCluster()]) {
        const none = fittingProfile(signsOf(c));
        assert.equal(none.profile, undefined, c.description);
        assert.match(none.evidence, /no MaaS CRDs/);
      }
    });
  });

  it("spec.storageInitializer: in both served versions of KServe v0.17.0's CRD, in none of v0.16.0's", () => {
    const crd = (c: FakeCluster) =>
      c.get("CustomResourceDefinition", "llminferenceservices.serving.kserve.io") as K8sObject;
    assert.deepEqual(storageInitializerVersions(crd(maasSubscriptionsCluster())), ["v1alpha1", "v1alpha2"]);
    assert.deepEqual(storageInitializerVersions(crd(maasKindCluster())), []);
    assert.deepEqual(storageInitializerVersions({}), []);
  });
});
