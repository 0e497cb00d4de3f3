/**
 * The platform model, pinned to the vendored upstream files: what a MaaS Kind install holds, KServe's template
 * merge, maas-api's tier lookup and the gateway's SubjectAccessReview. Each fact is one the stack relies on.
 */
import * as assert from "node:assert/strict";
import { FakeRunner } from "../fake-runner";
import { FakeCluster } from "./fake-cluster";
import { fakeKubectl } from "./fake-kubectl";
import { MAAS_KIND_LLM_TEMPLATE } from "./install-script";
import type { K8sObject } from "./k8s-object";
import { configInEffect, resolvedPodSpec } from "./kserve-merge";
import {
  DEFAULT_INSTANCE,
  loadTiers,
  serviceAccountGroups,
  serviceAccountUser,
  tierForGroups,
} from "./maas-api-tiers";
import { bareKindCluster, kserveStockConfigs, maasKindCluster } from "./platforms";
import { maasSubscriptionsCluster } from "./subscriptions-cluster";
import { authorizedModels, ownedSubscriptions, subscriptionModels } from "./maas-subscription-access";
import { readObjects } from "./kustomize";
import { MAAS_2026 } from "./subscriptions-cluster";
import { withLocalDeployGateway } from "./platforms";
import * as path from "node:path";
import { gatewayReview, subjectAccessReview } from "./rbac";
import { destroyDeletes } from "./stack-effects";

type Container = { name: string; image?: string; args?: string[] };
const containers = (podSpec: Record<string, unknown>): Container[] => podSpec.containers as Container[];

function service(name: string, namespace: string, container: Container): K8sObject {
  return {
    apiVersion: "serving.kserve.io/v1alpha1",
    kind: "LLMInferenceService",
    metadata: { name, namespace },
    spec: { model: { name, uri: "pvc://empty-model" }, template: { containers: [container] } },
  };
}

describe("MaaS Kind platform model (vendored models-as-a-service 30050fd3, KServe v0.16.0)", () => {
  const full = maasKindCluster();
  const noModels = maasKindCluster({ withModels: false });

  it("install.sh --without-models holds the overlay's namespaces, users, Roles, maas-api and its tier mapping", () => {
    for (const key of [
      "Namespace llm",
      "Namespace maas-api",
      "ServiceAccount maas-api/free-user",
      "ServiceAccount maas-api/premium-user",
      "ServiceAccount maas-api/enterprise-user",
      "Role llm/model-a-access",
      "Role llm/model-b-access",
      "RoleBinding llm/free-user-model-a-access",
      "RoleBinding llm/premium-user-model-b-access",
      "Deployment maas-api/maas-api",
      "Service maas-api/maas-api",
      "ServiceAccount maas-api/maas-api",
      "HTTPRoute maas-api/maas-api-route",
      "AuthPolicy maas-api/maas-api-auth-policy",
      "ConfigMap maas-api/tier-to-group-mapping",
      "ClusterRole maas-api",
      "ClusterRoleBinding maas-api",
      "Gateway istio-system/maas-gateway",
      "AuthPolicy istio-system/gateway-auth-policy",
    ]) {
      assert.ok(noModels.keys().includes(key), key);
    }
    assert.deepEqual((noModels.get("ClusterRoleBinding", "maas-api")?.subjects as unknown[])[0], {
      kind: "ServiceAccount",
      name: "maas-api",
      namespace: "maas-api",
    });
    for (const key of full.keys()) {
      if (!noModels.keys().includes(key)) continue;
      assert.deepEqual(
        full.get(...(keyParts(key) as [string, string, string?])),
        noModels.get(...(keyParts(key) as [string, string, string?])),
      );
    }
  });

  it("a default install adds exactly MaaS's test models: two LLMInferenceServices, the PVC and two HTTPRoutes", () => {
    assert.deepEqual(
      full.keys().filter((k) => !noModels.keys().includes(k)),
      [
        "HTTPRoute llm/model-a-route",
        "HTTPRoute llm/model-b-route",
        "LLMInferenceService llm/model-a",
        "LLMInferenceService llm/model-b",
        "PersistentVolumeClaim llm/empty-model",
      ],
    );
    const c = containers(
      (full.get("LLMInferenceService", "model-a", "llm")?.spec as { template: Record<string, unknown> })
        .template,
    );
    assert.deepEqual(
      c.map((x) => x.name),
      ["kserve-container"],
    );
  });

  it("the overlay replaces the tier mapping with ServiceAccount user names, which are not groups", () => {
    const tiers = loadTiers(full.get("ConfigMap", "tier-to-group-mapping", "maas-api") as K8sObject);
    assert.deepEqual(
      tiers.map((t) => [t.name, t.level]),
      [
        ["free", 0],
        ["premium", 1],
        ["enterprise", 2],
      ],
    );
    assert.ok(tiers[1]!.groups.includes("system:serviceaccount:maas-api:premium-user"));
    assert.ok(tiers[1]!.groups.includes(`system:serviceaccounts:${DEFAULT_INSTANCE}-tier-premium`));
  });

  it("maas-api resolves every ServiceAccount in maas-api to free, and one in <instance>-tier-<tier> to its tier", () => {
    const tiers = loadTiers(full.get("ConfigMap", "tier-to-group-mapping", "maas-api") as K8sObject);
    for (const sa of ["free-user", "premium-user", "enterprise-user"]) {
      assert.equal(tierForGroups(tiers, serviceAccountGroups("maas-api")), "free", sa);
    }
    for (const tier of ["free", "premium", "enterprise"]) {
      assert.equal(tierForGroups(tiers, serviceAccountGroups(`maas-default-gateway-tier-${tier}`)), tier);
      // The Kind Gateway's own name is not maas-api's instance: its projected groups match nothing but free.
      assert.equal(tierForGroups(tiers, serviceAccountGroups(`maas-gateway-tier-${tier}`)), "free");
    }
  });

  it("maas-api's Deployment sets neither INSTANCE_NAME nor GATEWAY_NAME, so the instance is maas-default-gateway", () => {
    const env = (
      (
        full.get("Deployment", "maas-api", "maas-api")?.spec as {
          template: { spec: { containers: { env?: { name: string }[] }[] } };
        }
      ).template.spec.containers[0]?.env ?? []
    ).map((e) => e.name);
    assert.deepEqual(env, ["NAMESPACE"]);
  });

  it("the Kind Gateway serves hostname localhost only, on both listeners", () => {
    const listeners = (
      full.get("Gateway", "maas-gateway", "istio-system")?.spec as { listeners: { hostname: string }[] }
    ).listeners;
    assert.deepEqual(
      listeners.map((l) => l.hostname),
      ["localhost", "localhost"],
    );
  });

  it("the gateway asks RBAC for create on serving.kserve.io/llminferenceservices/<model> in the path's namespace", () => {
    const policy = full.get("AuthPolicy", "gateway-auth-policy", "istio-system") as K8sObject;
    assert.deepEqual(gatewayReview(policy, "/llm/model-b/v1/chat/completions"), {
      verb: "create",
      group: "serving.kserve.io",
      resource: "llminferenceservices",
      namespace: "llm",
      name: "model-b",
    });
    const ask = (sa: string, model: string) =>
      subjectAccessReview(
        full,
        { user: serviceAccountUser("maas-api", sa), groups: serviceAccountGroups("maas-api") },
        gatewayReview(policy, `/llm/${model}/v1/models`),
      );
    assert.deepEqual(
      ["free-user", "premium-user", "enterprise-user"].map((sa) => [ask(sa, "model-a"), ask(sa, "model-b")]),
      [
        [true, false],
        [true, true],
        [true, true],
      ],
    );
  });

  describe("KServe's merge of the LLM template with a single-node LLMInferenceService", () => {
    it("install.sh's template is KServe's stock one with the containers list replaced by kserve-container", () => {
      const t = configInEffect(full, "llm");
      assert.equal(t.metadata.namespace, "kserve");
      const spec = (t.spec as { template: Record<string, unknown> }).template;
      assert.deepEqual(
        containers(spec),
        (MAAS_KIND_LLM_TEMPLATE.spec as { template: { containers: unknown[] } }).template.containers,
      );
      assert.ok(!containers(spec)[0]!.args!.includes("--model"));
      const stock = kserveStockConfigs().find(
        (c) => c.metadata.name === "kserve-config-llm-template",
      ) as K8sObject;
      assert.deepEqual(
        containers((stock.spec as { template: Record<string, unknown> }).template).map((c) => c.name),
        ["main"],
      );
    });

    it("on the MaaS Kind template a container named main makes a second container; kserve-container merges", () => {
      const ours = { name: "main", image: "ours", args: ["--model", "m"] };
      assert.deepEqual(
        containers(resolvedPodSpec(full, service("m", "llm", ours))).map((c) => c.name),
        ["kserve-container", "main"],
      );
      const merged = containers(
        resolvedPodSpec(full, service("m", "llm", { ...ours, name: "kserve-container" })),
      );
      assert.equal(merged.length, 1);
      assert.deepEqual([merged[0]!.image, merged[0]!.args], ["ours", ["--model", "m"]]);
    });

    it("on the stock template main merges, and the template's variables take the service's values", () => {
      const stockCluster = new FakeCluster("stock KServe", kserveStockConfigs());
      const pod = resolvedPodSpec(stockCluster, service("m", "llm", { name: "main", image: "ours" }));
      assert.deepEqual(
        containers(pod).map((c) => [c.name, c.image]),
        [["main", "ours"]],
      );
      assert.ok(containers(pod)[0]!.args!.includes("m"));
      assert.ok(JSON.stringify(pod).includes("m-kserve-self-signed-certs"));
    });

    it("a template in the service's own namespace comes first; none anywhere fails as KServe does", () => {
      const c = full.clone();
      c.add({
        ...structuredClone(MAAS_KIND_LLM_TEMPLATE),
        metadata: { name: "kserve-config-llm-template", namespace: "llm" },
      });
      assert.equal(configInEffect(c, "llm").metadata.namespace, "llm");
      assert.throws(
        () => configInEffect(bareKindCluster(), "llm"),
        /failed to get LLMInferenceServiceConfig/,
      );
    });
  });

  it("the fake kubectl answers as kubectl does: one object alone, several in a List, nothing when none is found", async () => {
    const runner = new FakeRunner(fakeKubectl(full));
    const one = await runner.run("kubectl", [
      "--context",
      "x",
      "get",
      "namespaces",
      "llm",
      "--ignore-not-found",
      "-o",
      "json",
    ]);
    assert.equal(JSON.parse(one.stdout).metadata.name, "llm");
    const two = await runner.run("kubectl", [
      "get",
      "namespaces",
      "llm",
      "nope",
      "maas-api",
      "--ignore-not-found",
      "-o",
      "json",
    ]);
    assert.deepEqual(
      JSON.parse(two.stdout).items.map((i: K8sObject) => i.metadata.name),
      ["llm", "maas-api"],
    );
    const none = await runner.run("kubectl", [
      "get",
      "namespaces",
      "nope",
      "--ignore-not-found",
      "-o",
      "json",
    ]);
    assert.equal(none.stdout, "");
    const missing = await runner.run("kubectl", ["get", "namespaces", "nope", "-o", "json"]);
    assert.equal(missing.code, 1);
    const named = await runner.run("kubectl", [
      "get",
      "gateways.gateway.networking.k8s.io",
      "maas-gateway",
      "-n",
      "istio-system",
      "-o",
      "name",
    ]);
    assert.equal(named.stdout, "gateways.gateway.networking.k8s.io/maas-gateway\n");
  });

  it("the fake kubectl lists across namespaces by name (--all-namespaces, --field-selector metadata.name=)", async () => {
    const runner = new FakeRunner(fakeKubectl(full));
    const args = ["get", "deployments.apps", "--all-namespaces", "--field-selector"];
    const api = await runner.run("kubectl", [...args, "metadata.name=maas-api", "-o", "json"]);
    assert.deepEqual(
      JSON.parse(api.stdout).items.map((i: K8sObject) => `${i.metadata.namespace}/${i.metadata.name}`),
      ["maas-api/maas-api"],
    );
    const none = await runner.run("kubectl", [...args, "metadata.name=maas-controller", "-o", "json"]);
    assert.deepEqual(JSON.parse(none.stdout).items, [], "kubectl prints an empty List, not nothing");
    await assert.rejects(
      runner.run("kubectl", [...args, "status.phase=Running", "-o", "json"]),
      /field selector status\.phase=Running is not modelled/,
    );
  });

  it("destroy deletes what is declared and everything inside a namespace it deletes", () => {
    const c = bareKindCluster();
    c.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } });
    c.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "x" } });
    assert.deepEqual(destroyDeletes(c, [], ["x"]), ["ConfigMap x/cm", "Namespace x"]);
    assert.deepEqual(destroyDeletes(c, [], []), []);
  });
});

function keyParts(key: string): [string, string, string?] {
  const [kind, rest] = key.split(" ") as [string, string];
  const [a, b] = rest.split("/");
  return b === undefined ? [kind, a as string] : [kind, b, a];
}

describe("today's MaaS platform model (vendored models-as-a-service c0639b1b, KServe v0.17.0)", () => {
  const cluster = maasSubscriptionsCluster();

  it("local-deploy.sh's namespaces, MaaS's three CRDs and KServe v0.17.0's LLMInferenceService CRD", () => {
    for (const ns of ["maas-system", "models-as-a-service", "llm", "kserve", "istio-system"])
      assert.ok(cluster.get("Namespace", ns), ns);
    for (const crd of [
      "maasmodelrefs.maas.opendatahub.io",
      "maasauthpolicies.maas.opendatahub.io",
      "maassubscriptions.maas.opendatahub.io",
      "llminferenceservices.serving.kserve.io",
    ])
      assert.ok(cluster.get("CustomResourceDefinition", crd), crd);
    assert.equal(cluster.get("ConfigMap", "tier-to-group-mapping", "maas-api"), undefined);
  });

  it("maas-controller and maas-api run in maas-system, from their upstream Deployments", () => {
    const controller = cluster.get("Deployment", "maas-controller", "maas-system") as K8sObject;
    assert.equal(
      (controller.spec as { template: { spec: { containers: { command: string[] }[] } } }).template.spec
        .containers[0]!.command[0],
      "/manager",
    );
    assert.ok(cluster.get("Deployment", "maas-api", "maas-system"));
    const without = maasSubscriptionsCluster({ withController: false });
    assert.equal(without.get("Deployment", "maas-controller", "maas-system"), undefined);
    assert.ok(without.get("Deployment", "maas-api", "maas-system"));
  });

  it("KServe v0.17.0's stock template is in kserve, with its one container main", () => {
    const template = cluster.get(
      "LLMInferenceServiceConfig",
      "kserve-config-llm-template",
      "kserve",
    ) as K8sObject;
    const spec = template.spec as { template: { containers: { name: string }[] } };
    assert.deepEqual(
      spec.template.containers.map((c) => c.name),
      ["main"],
    );
  });

  it("holds KServe v0.17.0's router route config; local-deploy.sh's Gateway is added by withLocalDeployGateway", () => {
    assert.ok(cluster.get("LLMInferenceServiceConfig", "kserve-config-llm-router-route", "kserve"));
    assert.equal(cluster.get("Gateway", "maas-default-gateway", "istio-system"), undefined);
    const gw = withLocalDeployGateway(cluster).get(
      "Gateway",
      "maas-default-gateway",
      "istio-system",
    ) as K8sObject;
    assert.equal((gw.spec as { gatewayClassName: string }).gatewayClassName, "istio");
    assert.equal(
      cluster.get("Gateway", "maas-default-gateway", "istio-system"),
      undefined,
      "the original is unchanged",
    );
  });

  it("maas-api's access decision on MaaS's free samples: system:authenticated owns and may use the simulator", () => {
    const withSamples = cluster.clone();
    for (const f of ["maas-auth-policy.yaml", "maas-subscription.yaml"])
      for (const o of readObjects(path.join(MAAS_2026, "docs/samples/maas-system/free/maas", f)))
        withSamples.add(o);
    const groups = serviceAccountGroups("some-namespace");
    const user = serviceAccountUser("some-namespace", "someone");
    const subs = ownedSubscriptions(withSamples, user, groups);
    assert.deepEqual(
      subs.map((s) => s.metadata.name),
      ["simulator-subscription"],
    );
    const authorized = authorizedModels(withSamples, user, groups);
    assert.deepEqual(authorized, ["llm/facebook-opt-125m-simulated"]);
    assert.deepEqual(subscriptionModels(subs[0]!, authorized), {
      "llm/facebook-opt-125m-simulated": [{ limit: 100, window: "1m" }],
    });
    assert.deepEqual(ownedSubscriptions(withSamples, user, ["system:serviceaccounts"]), []);
    assert.deepEqual(subscriptionModels(subs[0]!, []), {});
  });
});
