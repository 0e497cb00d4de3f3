/**
 * The cluster preflight recognises which MaaS the cluster runs (models-as-a-service 30050fd3's Kind overlay, or
 * today's MaaS at c0639b1b) and stops a profile that does not fit, on the platform model built from upstream files.
 */
import { strict as assert } from "node:assert";
import type { ClusterCheckSpec } from "../../../components/preflight/cluster-preflight";
import * as path from "node:path";
import {
  checkCluster,
  clusterCheckSpec,
  plannedObjects,
} from "../../../components/preflight/cluster-preflight";
import { MAAS_SAMPLE_OBJECTS, STACK_LABEL } from "../../../components/preflight/platform-survey";
import { parseStackConfig } from "../../../components/config/stack-config";
import { PREFLIGHT_HEADLINES as H } from "../../../components/preflight/preflight-messages";
import { FakeRunner } from "../../helpers/fake-runner";
import type { FakeCluster } from "../../helpers/maas-platform/fake-cluster";
import { fakeKubectl } from "../../helpers/maas-platform/fake-kubectl";
import type { K8sObject } from "../../helpers/maas-platform/k8s-object";
import { bareKindCluster, maasKindCluster } from "../../helpers/maas-platform/platforms";
import { buildKustomization } from "../../helpers/maas-platform/kustomize";
import { MAAS_2026, maasSubscriptionsCluster } from "../../helpers/maas-platform/subscriptions-cluster";
import { stackConfig } from "../../helpers/stack-config";

const TARGET = { name: "maas-local", context: "kind-maas-local" };

/** The dev stack's checks with the given profile (the survey's other checks unchanged). */
function specFor(profile: "maas-kind" | "maas-subscriptions"): ClusterCheckSpec {
  const spec = clusterCheckSpec(parseStackConfig(stackConfig("dev")), TARGET, "dev");
  return { ...spec, platform: { ...spec.platform!, profile } };
}

async function check(cluster: FakeCluster, spec: ClusterCheckSpec) {
  const runner = new FakeRunner(fakeKubectl(cluster));
  const report = await checkCluster(runner, spec);
  return { report, calls: runner.calls.map((c) => c.args.join(" ")) };
}

const platformMessages = (texts: readonly string[]) =>
  texts.filter((t) => t.startsWith(H.platformMismatch) || t.startsWith(H.kserveTooOldForSubscriptions));

describe("cluster preflight: which platform profile fits (components/preflight/cluster-preflight.ts)", function () {
  this.timeout(30_000);

  it("the dev stack names its profile in the survey spec (maas-kind unless configured)", () => {
    const dev = clusterCheckSpec(parseStackConfig(stackConfig("dev")), TARGET, "dev");
    assert.equal(dev.platform?.profile, "maas-kind");
  });

  it("maas-kind on MaaS's Kind install: recognised, no platform message", async () => {
    const { report, calls } = await check(maasKindCluster({ withModels: false }), specFor("maas-kind"));
    assert.deepEqual(platformMessages([...report.errors, ...report.warnings]), []);
    assert.ok(report.notes?.some((n) => /^Platform maas-kind recognised: .*tier-to-group-mapping/.test(n)));
    assert.ok(
      calls.some((c) =>
        c.endsWith(
          "get deployments.apps --all-namespaces --field-selector metadata.name=maas-controller --ignore-not-found -o json",
        ),
      ),
      calls.join("\n"),
    );
  });

  it("maas-subscriptions on today's MaaS: recognised; no tier-mapping warning (that is the Kind overlay's)", async () => {
    const { report } = await check(maasSubscriptionsCluster(), specFor("maas-subscriptions"));
    assert.deepEqual(platformMessages([...report.errors, ...report.warnings]), []);
    assert.ok(!report.warnings.some((w) => w.startsWith(H.tierNotMapped)), report.warnings.join("\n"));
    assert.ok(
      report.notes?.some((n) => /^Platform maas-subscriptions recognised: .*maas-controller/.test(n)),
    );
  });

  it("maas-kind on today's MaaS: stops, naming maas-subscriptions and the key", async () => {
    const { report } = await check(maasSubscriptionsCluster(), specFor("maas-kind"));
    const [message, ...rest] = platformMessages(report.errors);
    assert.equal(rest.length, 0);
    assert.match(
      message ?? "",
      /^Platform profile does not fit: maas-kind:platform is maas-kind, but this cluster runs/,
    );
    assert.match(message ?? "", /Set maas-kind:platform: maas-subscriptions/);
  });

  it("maas-subscriptions on MaaS's Kind install: stops, naming maas-kind", async () => {
    const { report } = await check(maasKindCluster({ withModels: false }), specFor("maas-subscriptions"));
    const messages = platformMessages(report.errors);
    assert.equal(messages.length, 2, messages.join("\n"));
    assert.match(messages[0] ?? "", /Set maas-kind:platform: maas-kind/);
    // And its KServe v0.16.0 has no spec.storageInitializer.
    assert.match(messages[1] ?? "", /^KServe too old for maas-subscriptions: .*KServe v0\.17 or later/);
  });

  it("the CRDs without maas-controller: maas-kind only warned (probable), maas-subscriptions warned what is missing", async () => {
    const cluster = maasSubscriptionsCluster({ withController: false });
    const kind = await check(cluster, specFor("maas-kind"));
    assert.deepEqual(platformMessages(kind.report.errors), []);
    assert.match(platformMessages(kind.report.warnings)[0] ?? "", /probably runs today's MaaS/);
    const subs = await check(cluster, specFor("maas-subscriptions"));
    assert.deepEqual(platformMessages(subs.report.errors), []);
    assert.match(
      platformMessages(subs.report.warnings)[0] ?? "",
      /only part of it .*a running maas-controller/,
    );
  });

  it("no MaaS at all: maas-kind goes on, maas-subscriptions stops", async () => {
    const cluster = maasSubscriptionsCluster();
    for (const o of cluster.all())
      if (o.kind === "Deployment" || /maas\.opendatahub\.io$/.test(o.metadata.name))
        cluster.remove(o.kind, o.metadata.name, o.metadata.namespace);
    const kind = await check(cluster, specFor("maas-kind"));
    assert.deepEqual(platformMessages([...kind.report.errors, ...kind.report.warnings]), []);
    const subs = await check(cluster, specFor("maas-subscriptions"));
    assert.match(platformMessages(subs.report.errors)[0] ?? "", /has no MaaS \(no MaaS CRDs/);
    const bare = await check(bareKindCluster(), specFor("maas-kind"));
    assert.deepEqual(platformMessages([...bare.report.errors, ...bare.report.warnings]), []);
  });

  it("maas-subscriptions on a KServe whose configured version lacks spec.storageInitializer names KServe v0.17+", async () => {
    const cluster = maasSubscriptionsCluster();
    const crd = cluster.get(
      "CustomResourceDefinition",
      "llminferenceservices.serving.kserve.io",
    ) as K8sObject;
    const versions = (
      crd.spec as {
        versions: {
          schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } };
        }[];
      }
    ).versions;
    for (const v of versions) delete v.schema.openAPIV3Schema.properties.spec.properties.storageInitializer;
    cluster.put(crd);
    const { report } = await check(cluster, specFor("maas-subscriptions"));
    const [message] = platformMessages(report.errors);
    assert.match(message ?? "", /no spec\.storageInitializer in serving\.kserve\.io\/v1alpha1/);
    assert.match(message ?? "", /opendatahub-io KServe build/);
  });

  it("a forbidden Deployment list: a warning that says so, no guess", async () => {
    const cluster = maasSubscriptionsCluster();
    const runner = new FakeRunner((call) =>
      call.args.includes("deployments.apps")
        ? { code: 1, stderr: "Error from server (Forbidden): deployments.apps is forbidden" }
        : fakeKubectl(cluster)(call),
    );
    const report = await checkCluster(runner, specFor("maas-kind"));
    assert.deepEqual(platformMessages(report.errors), []);
    assert.ok(
      report.warnings.some((w) =>
        /^Preflight could not read the maas-controller Deployments \(.*Forbidden/.test(w),
      ),
      report.warnings.join("\n"),
    );
  });

  describe("objects in the way on maas-subscriptions", () => {
    /** The dev stack on maas-subscriptions, with `overrides` of its config. */
    const subsConfig = (overrides: Record<string, unknown> = {}) =>
      parseStackConfig(stackConfig("dev", { platform: "maas-subscriptions", ...overrides }));
    const subsSpec = (overrides: Record<string, unknown> = {}) =>
      clusterCheckSpec(subsConfig(overrides), TARGET, "dev");
    /** MaaS's free sample (models-as-a-service c0639b1b docs/samples/maas-system/free), as kustomize builds it. */
    const freeSample = () => buildKustomization(path.join(MAAS_2026, "docs/samples/maas-system/free"));
    const inTheWay = (texts: readonly string[]) =>
      texts.filter((t) => t.startsWith(H.maasSamplesPresent) || t.startsWith(H.objectsInTheWay));

    it("plans exactly what the profile creates: per model its LLMInferenceService and MaaSModelRef, per tier with models its policy and subscription", () => {
      const config = subsConfig();
      const tiers = config.tiers.map((t) => t.name);
      assert.deepEqual(plannedObjects(config), [
        ...config.models.map((m) => ({
          kind: "LLMInferenceService",
          type: "llminferenceservices.serving.kserve.io",
          name: m.name,
        })),
        ...config.models.map((m) => ({
          kind: "MaaSModelRef",
          type: "maasmodelrefs.maas.opendatahub.io",
          name: m.name,
        })),
        ...tiers.flatMap((t) => [
          {
            kind: "MaaSAuthPolicy",
            type: "maasauthpolicies.maas.opendatahub.io",
            name: `${t}-access`,
            namespace: "models-as-a-service",
          },
          {
            kind: "MaaSSubscription",
            type: "maassubscriptions.maas.opendatahub.io",
            name: `${t}-subscription`,
            namespace: "models-as-a-service",
          },
        ]),
      ]);
      assert.ok(
        !plannedObjects(config).some((o) => o.kind === "HTTPRoute" || o.kind === "PersistentVolumeClaim"),
      );
      const moved = plannedObjects(subsConfig({ subscriptions: { namespace: "subs" } }));
      assert.ok(moved.filter((o) => o.kind === "MaaSSubscription").every((o) => o.namespace === "subs"));
    });

    it("the vendored free sample's objects are among the sample objects it recognises", () => {
      const objects = freeSample();
      assert.deepEqual(objects.map((o) => o.kind).sort(), [
        "LLMInferenceService",
        "MaaSAuthPolicy",
        "MaaSModelRef",
        "MaaSSubscription",
      ]);
      for (const o of objects) {
        assert.ok(
          MAAS_SAMPLE_OBJECTS.some(
            (s) => s.kind === o.kind && s.name === o.metadata.name && s.namespace === o.metadata.namespace,
          ),
          `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
        );
      }
    });

    it("MaaS's free sample under the stack's names: stops with the samples' headline and delete commands per namespace", async () => {
      const cluster = maasSubscriptionsCluster();
      for (const o of freeSample()) cluster.add(o);
      const spec = subsSpec({
        models: [{ name: "facebook-opt-125m-simulated", tier: "simulator" }],
        tiers: [
          {
            name: "simulator",
            level: 1,
            limits: { requests: { limit: 5, window: "1m" }, tokens: { limit: 100, window: "1m" } },
          },
        ],
      });
      const { report, calls } = await check(cluster, spec);
      const [message, ...rest] = inTheWay(report.errors);
      assert.equal(rest.length, 0, report.errors.join("\n"));
      assert.match(
        message ?? "",
        /^MaaS samples present: namespace llm holds LLMInferenceService facebook-opt-125m-simulated, MaaSModelRef facebook-opt-125m-simulated, and namespace models-as-a-service holds MaaSAuthPolicy simulator-access, MaaSSubscription simulator-subscription, objects of MaaS's samples/,
      );
      assert.match(
        message ?? "",
        /`kubectl --context kind-maas-local delete --namespace models-as-a-service maasauthpolicies\.maas\.opendatahub\.io simulator-access`/,
      );
      assert.ok(
        calls.some((c) =>
          c.endsWith(
            "get maassubscriptions.maas.opendatahub.io simulator-subscription --namespace models-as-a-service --ignore-not-found -o json",
          ),
        ),
        calls.join("\n"),
      );
    });

    it("another stack's objects: objects in the way, renamed by models or tiers; the stack's own: nothing", async () => {
      const config = subsConfig();
      const labelled = (stack: string) => {
        const cluster = maasSubscriptionsCluster();
        for (const o of plannedObjects(config).filter((p) => p.kind === "MaaSSubscription"))
          cluster.add({
            apiVersion: "maas.opendatahub.io/v1alpha1",
            kind: o.kind,
            metadata: { name: o.name, namespace: o.namespace!, labels: { [STACK_LABEL]: stack } },
          });
        return cluster;
      };
      const other = await check(labelled("other"), subsSpec());
      const [message] = inTheWay(other.report.errors);
      assert.match(
        message ?? "",
        /^Objects in the way: namespace models-as-a-service already holds MaaSSubscription free-subscription, /,
      );
      assert.match(message ?? "", /maas-kind:tiers/);
      assert.doesNotMatch(message ?? "", /storageClaim|install\.sh/);
      const own = await check(labelled("dev"), subsSpec());
      assert.deepEqual(inTheWay(own.report.errors), []);
    });

    it("without MaaS's CRDs or the subscription namespace, the MaaS objects are not looked up", async () => {
      const cluster = maasSubscriptionsCluster();
      cluster.remove("Namespace", "models-as-a-service");
      const { calls } = await check(cluster, subsSpec());
      assert.ok(
        calls.some((c) => c.includes("get maasmodelrefs.maas.opendatahub.io")),
        calls.join("\n"),
      );
      assert.ok(!calls.some((c) => c.includes("get maasauthpolicies")), calls.join("\n"));
      for (const o of cluster.all())
        if (/maas\.opendatahub\.io$/.test(o.metadata.name)) cluster.remove(o.kind, o.metadata.name);
      const bare = await check(cluster, subsSpec());
      assert.ok(!bare.calls.some((c) => /get maas\w+\.maas/.test(c)), bare.calls.join("\n"));
    });
  });
});
