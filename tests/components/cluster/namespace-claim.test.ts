import { strict as assert } from "node:assert";
import {
  claimNamespace,
  namespaceClaimDiff,
  namespaceExists,
  releaseNamespace,
} from "../../../components/cluster/namespace-claim";
import { FakeRunner } from "../../helpers/fake-runner";
import { fakeKubectl } from "../../helpers/maas-platform/fake-kubectl";
import { bareKindCluster, maasKindCluster } from "../../helpers/maas-platform/platforms";

const INPUTS = {
  name: "llm",
  labels: { "app.kubernetes.io/managed-by": "maas-kind" },
  context: "kind-maas-local",
};

describe("NamespaceClaim (components/cluster/namespace-claim.ts)", () => {
  it("creates a missing namespace with its labels and records that the stack created it", async () => {
    const cluster = bareKindCluster();
    const runner = new FakeRunner(fakeKubectl(cluster));
    const state = await claimNamespace(runner, INPUTS);
    assert.equal(state.created, true);
    assert.deepEqual(cluster.get("Namespace", "llm")?.metadata.labels, INPUTS.labels);
    assert.deepEqual(runner.lines, [
      "kubectl --context kind-maas-local get namespace llm --ignore-not-found -o name",
      "kubectl --context kind-maas-local create -f -",
    ]);
  });

  it("reuses an existing namespace (a MaaS Kind install's llm) without touching it, and never deletes it", async () => {
    const cluster = maasKindCluster({ withModels: false });
    const before = cluster.get("Namespace", "llm");
    const runner = new FakeRunner(fakeKubectl(cluster));
    const state = await claimNamespace(runner, INPUTS);
    assert.equal(state.created, false);
    assert.equal(await releaseNamespace(runner, state), "kept");
    assert.deepEqual(cluster.get("Namespace", "llm"), before);
    assert.deepEqual(runner.lines, [
      "kubectl --context kind-maas-local get namespace llm --ignore-not-found -o name",
    ]);
  });

  it("deletes on destroy the namespace it created, waiting for it to be gone", async () => {
    const cluster = bareKindCluster();
    const runner = new FakeRunner(fakeKubectl(cluster));
    const state = await claimNamespace(runner, INPUTS);
    assert.equal(await releaseNamespace(runner, state), "deleted");
    assert.equal(cluster.get("Namespace", "llm"), undefined);
    assert.match(
      runner.lines.at(-1) ?? "",
      /delete namespace llm --ignore-not-found --wait=true --timeout=300s$/,
    );
  });

  it("reads whether the namespace still exists (refresh)", async () => {
    const cluster = bareKindCluster();
    const runner = new FakeRunner(fakeKubectl(cluster));
    assert.equal(await namespaceExists(runner, INPUTS), false);
    await claimNamespace(runner, INPUTS);
    assert.equal(await namespaceExists(runner, INPUTS), true);
  });

  it("fails with kubectl's message when the namespace cannot be created", async () => {
    const runner = new FakeRunner((c) =>
      c.args.includes("create")
        ? { code: 1, stderr: "Error from server (Forbidden): namespaces is forbidden" }
        : undefined,
    );
    await assert.rejects(claimNamespace(runner, INPUTS), /Forbidden/);
  });

  it("replaces the claim for another namespace or context; a new kubeconfig only updates it", () => {
    const olds = { ...INPUTS, created: true };
    assert.deepEqual(namespaceClaimDiff(olds, { ...INPUTS, name: "other" }).replaces, ["name"]);
    assert.deepEqual(namespaceClaimDiff(olds, { ...INPUTS, context: "kind-x" }).replaces, ["context"]);
    const kc = namespaceClaimDiff(olds, { ...INPUTS, kubeconfig: "/tmp/kc" });
    assert.deepEqual([kc.changes, kc.replaces], [true, []]);
    assert.equal(namespaceClaimDiff(olds, { ...INPUTS, labels: { a: "b" } }).changes, false);
  });
});
