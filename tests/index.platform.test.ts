/**
 * The whole program (index.ts) on Pulumi mocks against the platform model: the dev stack on a MaaS Kind
 * cluster (install.sh with and without its test models), the bare stack on a bare Kind cluster. What `up` would
 * find already there, the pods KServe would build, the tier each token resolves to, what RBAC lets each tier
 * do, the route hostnames the gateway serves, and what `destroy` would delete.
 */
import * as assert from "node:assert/strict";
import { FakeRunner } from "./helpers/fake-runner";
import { stackConfig } from "./helpers/stack-config";
import { fakeKubectl } from "./helpers/maas-platform/fake-kubectl";
import type { FakeCluster } from "./helpers/maas-platform/fake-cluster";
import type { K8sObject } from "./helpers/maas-platform/k8s-object";
import { resolvedPodSpec } from "./helpers/maas-platform/kserve-merge";
import {
  loadTiers,
  serviceAccountGroups,
  serviceAccountUser,
  tierForGroups,
} from "./helpers/maas-platform/maas-api-tiers";
import { bareKindCluster, maasKindCluster, stockKServeCluster } from "./helpers/maas-platform/platforms";
import { platformMocks } from "./helpers/maas-platform/program-mocks";
import { gatewayReview, subjectAccessReview } from "./helpers/maas-platform/rbac";
import type { PlatformRun } from "./helpers/maas-platform/run-on-platform";
import { runOnPlatform } from "./helpers/maas-platform/run-on-platform";

interface TierOut {
  name: string;
  serviceAccount: string;
  namespace: string;
  allowedModels: string[];
}

const tiersOf = (run: PlatformRun): TierOut[] => Object.values(run.outputs.tiers as Record<string, TierOut>);
const services = (run: PlatformRun): K8sObject[] =>
  run.declared.filter((o) => o.kind === "LLMInferenceService");

/** The checks every successful `up` on `before` must pass. */
function assertSafeUp(run: PlatformRun): void {
  assert.deepEqual(run.mocks.errors, []);
  assert.deepEqual(run.mocks.preflightFailures, [], "the cluster preflight stops up");
  assert.deepEqual(run.collisions, [], "up fails with `already exists` on these objects");
  assert.deepEqual(run.destroysPlatform, [], "destroy deletes these objects the stack did not create");
}

/** Every model's pod as KServe builds it holds one container, ours, serving --model <name>. */
function assertOneContainerPerPod(run: PlatformRun, image: string): void {
  const svcs = services(run);
  assert.ok(svcs.length > 0);
  for (const svc of svcs) {
    const containers = resolvedPodSpec(run.after, svc).containers as {
      name: string;
      image: string;
      args: string[];
    }[];
    assert.equal(containers.length, 1, `${svc.metadata.name}: ${containers.map((c) => c.name).join(", ")}`);
    assert.equal(containers[0]!.image, image);
    const i = containers[0]!.args.indexOf("--model");
    assert.equal(containers[0]!.args[i + 1], svc.metadata.name);
  }
}

/** maas-api puts each tier's token in its own tier; the gateway's RBAC check allows exactly its models. */
function assertTiersResolve(run: PlatformRun, cluster: FakeCluster): void {
  const mapping = loadTiers(cluster.get("ConfigMap", "tier-to-group-mapping", "maas-api") as K8sObject);
  const policy = cluster.get("AuthPolicy", "gateway-auth-policy", "istio-system") as K8sObject;
  const models = services(run).map((s) => s.metadata.name);
  const modelsNs = services(run)[0]!.metadata.namespace as string;
  for (const t of tiersOf(run)) {
    assert.ok(
      run.after.get("ServiceAccount", t.serviceAccount, t.namespace),
      `${t.namespace}/${t.serviceAccount}`,
    );
    assert.equal(
      tierForGroups(mapping, serviceAccountGroups(t.namespace)),
      t.name,
      `tier of ${t.namespace}/${t.serviceAccount}`,
    );
    const who = {
      user: serviceAccountUser(t.namespace, t.serviceAccount),
      groups: serviceAccountGroups(t.namespace),
    };
    const allowed = models.filter((m) =>
      subjectAccessReview(run.after, who, gatewayReview(policy, `/${modelsNs}/${m}/v1/chat/completions`)),
    );
    assert.deepEqual(allowed, t.allowedModels, `models ${t.name} may use`);
  }
}

/** Every route hostname is served by a listener of the Gateway its parentRef names. */
function assertRoutesServed(run: PlatformRun, cluster: FakeCluster): void {
  const routes = run.declared.filter((o) => o.kind === "HTTPRoute");
  assert.ok(routes.length > 0);
  for (const r of routes) {
    const spec = r.spec as { hostnames: string[]; parentRefs: { name: string; namespace: string }[] };
    const gw = cluster.get("Gateway", spec.parentRefs[0]!.name, spec.parentRefs[0]!.namespace) as K8sObject;
    const served = (gw.spec as { listeners: { hostname?: string }[] }).listeners.map((l) => l.hostname);
    for (const h of spec.hostnames)
      assert.ok(served.includes(h), `${r.metadata.name}: hostname ${h} (served: ${served.join(", ")})`);
  }
}

describe("the program on the MaaS Kind platform model", function () {
  this.timeout(60_000);

  describe("dev stack on a MaaS Kind cluster from install.sh --without-models", () => {
    const cluster = maasKindCluster({ withModels: false });
    let run: PlatformRun;
    before(async () => {
      run = await runOnPlatform(cluster, stackConfig("dev"), platformMocks);
    });

    it("up succeeds without `already exists`, and destroy would delete no platform object", () =>
      assertSafeUp(run));
    it("the stack reuses the platform's namespaces and creates only what it lacks", () => {
      assert.ok(run.namespaces.reused.includes("llm"), JSON.stringify(run.namespaces));
      assert.ok(!run.namespaces.created.includes("maas-api") && !run.namespaces.created.includes("llm"));
    });
    it("KServe builds one container per model pod, ours, serving --model <name>", () =>
      assertOneContainerPerPod(run, "localhost/maas-kind/simulator:dev"));
    it("each tier's token resolves to its own tier in maas-api, and RBAC allows exactly its models", () =>
      assertTiersResolve(run, cluster));
    it("every route hostname is served by the Kind Gateway", () => assertRoutesServed(run, cluster));
  });

  describe("dev stack on a MaaS Kind cluster from a default install.sh (with MaaS's test models)", () => {
    const cluster = maasKindCluster({ withModels: true });
    let run: PlatformRun;
    before(async () => {
      run = await runOnPlatform(cluster, stackConfig("dev"), platformMocks);
    });

    it("the preflight stops up before any `already exists`, naming MaaS's test models and the command that removes them", () => {
      assert.equal(run.mocks.preflightFailures.length, 1, run.mocks.preflightFailures.join("\n"));
      const message = run.mocks.preflightFailures[0]!;
      for (const name of ["model-a", "model-b", "empty-model", "model-a-route", "model-b-route"])
        assert.match(message, new RegExp(name));
      assert.match(message, /kubectl --context kind-maas-local delete /);
    });

    it("after that command, up succeeds on the cluster and destroy would delete no platform object", async () => {
      const message = run.mocks.preflightFailures[0] ?? "";
      const commands = [...message.matchAll(/`(kubectl [^`]+)`/g)].map((m) => m[1]!.split(" ").slice(1));
      assert.ok(commands.length > 0, message);
      const cleaned = cluster.clone();
      const kubectl = new FakeRunner(fakeKubectl(cleaned));
      for (const args of commands) assert.equal((await kubectl.run("kubectl", args)).code, 0, args.join(" "));
      const again = await runOnPlatform(cleaned, stackConfig("dev"), platformMocks);
      assertSafeUp(again);
      assertOneContainerPerPod(again, "localhost/maas-kind/simulator:dev");
      assertTiersResolve(again, cleaned);
    });
  });

  describe("dev stack with adoptExistingObjects on install.sh --without-models", () => {
    it("destroy never deletes namespace maas-api (nor anything of maas-api's)", async () => {
      const cluster = maasKindCluster({ withModels: false });
      const run = await runOnPlatform(
        cluster,
        stackConfig("dev", { adoptExistingObjects: true }),
        platformMocks,
      );
      assert.ok(!run.destroyDeletes.includes("Namespace maas-api"));
      assert.deepEqual(run.destroysPlatform, []);
    });
  });

  describe("dev stack on a Kind cluster with stock KServe v0.16 (no MaaS)", () => {
    it("up succeeds and KServe builds one container per pod, ours, named main like the stock template's", async () => {
      const run = await runOnPlatform(stockKServeCluster(), stackConfig("dev"), platformMocks);
      assertSafeUp(run);
      assertOneContainerPerPod(run, "localhost/maas-kind/simulator:dev");
      for (const svc of services(run)) {
        const c = (svc.spec as { template: { containers: { name: string }[] } }).template.containers;
        assert.deepEqual(
          c.map((x) => x.name),
          ["main"],
        );
      }
    });
  });

  describe("bare stack on a bare Kind cluster", () => {
    const cluster = bareKindCluster();
    let run: PlatformRun;
    before(async () => {
      run = await runOnPlatform(cluster, stackConfig("bare"), platformMocks);
    });

    it("up succeeds, creating the namespaces it needs", () => {
      assertSafeUp(run);
      assert.ok(run.after.get("Namespace", "llm"), "namespace llm");
      for (const t of tiersOf(run)) assert.ok(run.after.get("ServiceAccount", t.serviceAccount, t.namespace));
    });

    it("destroy removes everything the stack created and leaves the cluster as it was", () => {
      const left = run.after.keys().filter((k) => !run.destroyDeletes.includes(k));
      assert.deepEqual(left, cluster.keys());
    });
  });
});
