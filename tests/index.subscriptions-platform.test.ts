/**
 * The whole program (index.ts) with `platform: maas-subscriptions` on Pulumi mocks against the model of today's
 * MaaS on Kind (local-deploy.sh at models-as-a-service c0639b1b, KServe v0.17.0): nothing `up` creates already
 * exists and `destroy` deletes no platform object; KServe builds each model's pod with one container, ours; its
 * managed route is what the outputs report and attaches to the platform's Gateway; and MaaS, as maas-api
 * decides from the declared objects, lets each tier's token use exactly its models within its token limit.
 */
import * as assert from "node:assert/strict";
import { parseStackOutputs } from "../components/outputs/stack-outputs";
import type { StackOutputs } from "../components/outputs/stack-outputs";
import { stackConfig } from "./helpers/stack-config";
import type { K8sObject } from "./helpers/maas-platform/k8s-object";
import { managedRouteOn, resolvedPodSpec } from "./helpers/maas-platform/kserve-merge";
import { serviceAccountGroups, serviceAccountUser } from "./helpers/maas-platform/maas-api-tiers";
import {
  authorizedModels,
  ownedSubscriptions,
  subscriptionModels,
} from "./helpers/maas-platform/maas-subscription-access";
import { withLocalDeployGateway } from "./helpers/maas-platform/platforms";
import { maasSubscriptionsCluster } from "./helpers/maas-platform/subscriptions-cluster";
import { platformMocks } from "./helpers/maas-platform/program-mocks";
import type { PlatformRun } from "./helpers/maas-platform/run-on-platform";
import { runOnPlatform } from "./helpers/maas-platform/run-on-platform";

/** The subscriptions stack (Pulumi.subscriptions.yaml): today's MaaS on the cluster of its local-deploy.sh. */
const config = () => stackConfig("subscriptions");

describe("the program with platform: maas-subscriptions on the model of today's MaaS on Kind", function () {
  this.timeout(120_000);
  const cluster = withLocalDeployGateway(maasSubscriptionsCluster());
  let run: PlatformRun;
  let outputs: StackOutputs;
  before(async () => {
    run = await runOnPlatform(cluster, config(), platformMocks);
    outputs = parseStackOutputs(JSON.parse(JSON.stringify(run.outputs)));
  });
  const services = (): K8sObject[] => run.declared.filter((o) => o.kind === "LLMInferenceService");

  it("up succeeds without `already exists`, and destroy would delete no platform object", () => {
    assert.deepEqual(run.mocks.errors, []);
    assert.deepEqual(run.mocks.preflightFailures, [], "the cluster preflight stops up");
    assert.deepEqual(run.collisions, []);
    assert.deepEqual(run.destroysPlatform, []);
    assert.ok(run.namespaces.reused.includes("llm"), JSON.stringify(run.namespaces));
  });

  it("destroy leaves the platform as it was", () => {
    const left = run.after.keys().filter((k) => !run.destroyDeletes.includes(k));
    assert.deepEqual(left, cluster.keys());
  });

  it("KServe v0.17.0 builds one container per model pod, ours (main), serving --model <name>", () => {
    assert.equal(services().length, 2);
    for (const svc of services()) {
      const containers = resolvedPodSpec(run.after, svc).containers as {
        name: string;
        image: string;
        args: string[];
        command: string[];
      }[];
      assert.deepEqual(
        containers.map((c) => c.name),
        ["main"],
      );
      assert.equal(containers[0]!.image, "localhost/maas-kind/simulator:dev");
      assert.deepEqual(containers[0]!.command, ["/app/llm-d-inference-sim"]);
      assert.equal(containers[0]!.args[containers[0]!.args.indexOf("--model") + 1], svc.metadata.name);
    }
  });

  it("each model's managed route attaches to the platform's Gateway and is the route the outputs report", () => {
    for (const svc of services()) {
      const route = managedRouteOn(run.after, svc);
      for (const ref of route.parentRefs)
        assert.ok(
          run.after.get("Gateway", ref.name, ref.namespace),
          `${route.name} → ${ref.namespace}/${ref.name}`,
        );
      assert.deepEqual(
        outputs.models[svc.metadata.name]!.routes,
        route.rules.map((r) => ({
          prefix: r.matches[0]!.path.value,
          rewrite: r.filters[0]!.urlRewrite.path.replacePrefixMatch,
        })),
      );
      for (const r of route.rules)
        assert.equal(r.backendRefs[0]!.name, outputs.models[svc.metadata.name]!.service);
    }
  });

  it("each tier's token selects its own subscription, reaches exactly its models, within its token limit", () => {
    for (const t of Object.values(outputs.tiers)) {
      const token = outputs.tokens[t.name]!;
      assert.equal(token.audience, "https://kubernetes.default.svc");
      const user = serviceAccountUser(token.namespace, token.serviceAccount);
      const groups = serviceAccountGroups(token.namespace);
      const subscriptions = ownedSubscriptions(run.after, user, groups);
      assert.deepEqual(
        subscriptions.map((s) => s.metadata.name),
        [t.subscription],
        `${t.name}'s subscriptions`,
      );
      const allowed = subscriptionModels(subscriptions[0]!, authorizedModels(run.after, user, groups));
      assert.deepEqual(
        Object.keys(allowed),
        t.allowedModels.map((m) => `${outputs.models[m]!.namespace}/${m}`),
        `${t.name}'s models`,
      );
      for (const limits of Object.values(allowed))
        assert.deepEqual(limits, [{ limit: t.limits.tokens.limit, window: t.limits.tokens.window }]);
      assert.equal(outputs.apiKeys[t.name]?.subscription, t.subscription);
    }
  });

  it("a second up on the cluster the first left passes the preflight: the stack's objects carry its label", async () => {
    const again = await runOnPlatform(run.after, config(), platformMocks);
    assert.deepEqual(again.mocks.errors, []);
    assert.deepEqual(again.mocks.preflightFailures, []);
    for (const o of run.declared.filter((d) => ["LLMInferenceService", "MaaSModelRef"].includes(d.kind)))
      assert.equal(o.metadata.labels?.["maas-kind/stack"], "dev", `${o.kind} ${o.metadata.name}`);
  });
});
