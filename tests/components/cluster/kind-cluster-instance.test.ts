import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { kindConfigYaml } from "../../../components/cluster/kind-config";
import type {
  KindClusterInstanceInputs,
  KindClusterInstanceState,
} from "../../../components/cluster/kind-cluster-instance";
import {
  clusterIdentity,
  createOrAdopt,
  deleteIfCreated,
  KindClusterInstance,
  kindClusterInstanceDiff,
  kindClusterInstanceProvider,
  readCluster,
} from "../../../components/cluster/kind-cluster-instance";
import { FakeKind, fakeKubeconfig } from "../../helpers/fake-kind";
import { aliasUrns, installMocks, settle } from "../../helpers/pulumi-mocks";

const config = kindConfigYaml({ name: "maas-local", httpPort: 80, httpsPort: 443 });
const inputs: KindClusterInstanceInputs = { name: "maas-local", engine: "docker", config };

describe("Kind cluster lifecycle (components/cluster/kind-cluster-instance.ts)", () => {
  it("registers as KindClusterInstance, aliased to its former type token KindCluster (no replacement)", async () => {
    const mocks = installMocks();
    const instance = new KindClusterInstance("kind", { name: "maas-local", engine: "docker", config });
    const urns = await aliasUrns(instance);
    await settle();
    assert.deepEqual(
      mocks.resources.map((r) => r.type),
      ["pulumi-nodejs:dynamic/maas-kind:KindClusterInstance"],
    );
    assert.deepEqual(urns, ["urn:pulumi:dev::maas-kind::pulumi-nodejs:dynamic/maas-kind:KindCluster::kind"]);
  });

  describe("create: create or adopt", () => {
    it("creates a missing cluster from the configuration on stdin, waits for it, and records it as created", async () => {
      const kind = new FakeKind("other");
      const state = await createOrAdopt(kind.runner, inputs);
      assert.deepEqual(kind.runner.lines, [
        "kind get clusters",
        "kind create cluster --name maas-local --config - --wait 120s",
        "kind get kubeconfig --name maas-local",
      ]);
      assert.equal(kind.runner.calls[1]?.input, config);
      assert.equal(state.created, true);
      assert.equal(state.context, "kind-maas-local");
      assert.equal(state.kubeconfig, fakeKubeconfig("maas-local", kind.clusters.get("maas-local")!));
      assert.equal(state.clusterId, clusterIdentity(state.kubeconfig));
      assert.deepEqual(kind.runner.calls[0]?.env, {}, "Docker: no provider variable");
    });

    it("adopts an existing cluster: no create, recorded as not created", async () => {
      const kind = new FakeKind("maas-local");
      const state = await createOrAdopt(kind.runner, inputs);
      assert.deepEqual(kind.runner.lines, ["kind get clusters", "kind get kubeconfig --name maas-local"]);
      assert.equal(state.created, false);
      assert.match(state.kubeconfig, /name: kind-maas-local/);
    });

    it("Podman: every kind command runs with KIND_EXPERIMENTAL_PROVIDER=podman", async () => {
      const kind = new FakeKind();
      const state = await createOrAdopt(kind.runner, { ...inputs, engine: "podman" });
      assert.equal(state.created, true);
      assert.equal(kind.runner.calls.length, 3);
      for (const call of kind.runner.calls)
        assert.deepEqual(call.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
      await deleteIfCreated(kind.runner, state);
      assert.deepEqual(kind.runner.calls.at(-1)?.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    });

    it("a failed create says which cluster and how to move the host ports", async () => {
      const kind = new FakeKind().fail("kind create cluster", {
        stderr: "ERROR: failed to create cluster: … bind: address already in use",
      });
      await assert.rejects(
        createOrAdopt(kind.runner, inputs),
        /address already in use\nCreating the Kind cluster "maas-local" failed\. .*kind\.httpPort \/ kind\.httpsPort/,
      );
    });

    it("rolls a created cluster back when its kubeconfig cannot be read (create leaves nothing behind)", async () => {
      const kind = new FakeKind().fail("kind get kubeconfig");
      await assert.rejects(createOrAdopt(kind.runner, inputs), /kind get kubeconfig --name maas-local/);
      assert.equal(kind.runner.lines.at(-1), "kind delete cluster --name maas-local");
      assert.equal(kind.clusters.has("maas-local"), false);
    });

    it("says so when the rollback of a created cluster fails too (the next up would adopt it)", async () => {
      const kind = new FakeKind()
        .fail("kind get kubeconfig")
        .fail("kind delete cluster", { stderr: "ERROR: failed to delete cluster" });
      await assert.rejects(
        createOrAdopt(kind.runner, inputs),
        /kind get kubeconfig --name maas-local[\s\S]*"maas-local" created for this stack could not be deleted again and was left behind \(ERROR: failed to delete cluster\); delete it with `kind delete cluster --name maas-local`/,
      );
    });

    it("never deletes an adopted cluster whose kubeconfig cannot be read", async () => {
      const kind = new FakeKind("maas-local").fail("kind get kubeconfig");
      await assert.rejects(createOrAdopt(kind.runner, inputs), /kind get kubeconfig --name maas-local/);
      assert.ok(!kind.runner.lines.some((l) => l.startsWith("kind delete")));
      assert.ok(kind.clusters.has("maas-local"));
    });

    it("says when kind is missing", async () => {
      const kind = new FakeKind().fail("kind", { code: 127, notFound: true });
      await assert.rejects(
        createOrAdopt(kind.runner, inputs),
        /`kind` was not found on PATH\nkind and a running/,
      );
    });
  });

  describe("delete: only what the stack created", () => {
    it("deletes a cluster the stack created", async () => {
      const kind = new FakeKind();
      const state = await createOrAdopt(kind.runner, inputs);
      assert.equal(await deleteIfCreated(kind.runner, state), "deleted");
      assert.equal(kind.runner.lines.at(-1), "kind delete cluster --name maas-local");
      assert.equal(kind.clusters.size, 0);
    });

    it("keeps an adopted cluster: destroy runs no kind command at all", async () => {
      const kind = new FakeKind("maas-local");
      const state = await createOrAdopt(kind.runner, inputs);
      const before = kind.runner.calls.length;
      assert.equal(await deleteIfCreated(kind.runner, state), "kept");
      assert.equal(kind.runner.calls.length, before);
      assert.ok(kind.clusters.has("maas-local"));
    });

    it("fails loudly if kind cannot delete the cluster it created", async () => {
      const kind = new FakeKind();
      const state = await createOrAdopt(kind.runner, inputs);
      kind.fail("kind delete cluster");
      await assert.rejects(deleteIfCreated(kind.runner, state), /kind delete cluster --name maas-local/);
    });
  });

  describe("read (refresh)", () => {
    it("drops a vanished cluster, keeps ownership of an unchanged one", async () => {
      const kind = new FakeKind();
      const state = await createOrAdopt(kind.runner, inputs);
      assert.deepEqual(await readCluster(kind.runner, state), state);
      kind.clusters.delete("maas-local");
      assert.equal(await readCluster(kind.runner, state), undefined);
    });

    it("a cluster re-created outside the stack gets a new identity and is no longer the stack's to delete", async () => {
      const kind = new FakeKind();
      const state = await createOrAdopt(kind.runner, inputs);
      kind.recreate("maas-local");
      const read = (await readCluster(kind.runner, state)) as KindClusterInstanceState;
      assert.notEqual(read.clusterId, state.clusterId);
      assert.equal(read.created, false);
      assert.equal(await deleteIfCreated(kind.runner, read), "kept");
    });
  });

  describe("diff", () => {
    const created = {
      ...inputs,
      created: true,
      context: "kind-maas-local",
      kubeconfig: "k",
      clusterId: "ca-1",
    };
    const adopted = { ...created, created: false };
    const moved = {
      ...inputs,
      config: kindConfigYaml({ name: "maas-local", httpPort: 8080, httpsPort: 8443 }),
    };

    it("no change for the same inputs", () => {
      assert.deepEqual(kindClusterInstanceDiff(created, inputs), {
        changes: false,
        replaces: [],
        deleteBeforeReplace: true,
      });
    });

    it("another layout re-creates a cluster the stack created, deleting the old one first (it holds the ports)", () => {
      assert.deepEqual(kindClusterInstanceDiff(created, moved), {
        changes: true,
        replaces: ["config"],
        deleteBeforeReplace: true,
      });
    });

    it("another layout of an adopted cluster is only recorded, never a re-creation", () => {
      assert.deepEqual(kindClusterInstanceDiff(adopted, moved), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: true,
      });
    });

    it("another name or engine replaces", () => {
      assert.deepEqual(kindClusterInstanceDiff(adopted, { ...inputs, name: "x" }).replaces, ["name"]);
      assert.deepEqual(kindClusterInstanceDiff(created, { ...inputs, engine: "podman" }).replaces, [
        "engine",
      ]);
    });
  });

  describe("the dynamic provider", () => {
    it("create → delete of a created cluster runs kind create and kind delete", async () => {
      const kind = new FakeKind();
      const provider = kindClusterInstanceProvider(() => kind.runner);
      const { id, outs } = await provider.create(inputs);
      assert.equal(id, "maas-local");
      assert.equal(outs.created, true);
      await provider.delete!(id, outs);
      assert.equal(kind.clusters.size, 0);
    });

    it("create → delete of an adopted cluster leaves it running", async () => {
      const kind = new FakeKind("maas-local");
      const provider = kindClusterInstanceProvider(() => kind.runner);
      const { id, outs } = await provider.create(inputs);
      assert.equal(outs.created, false);
      await provider.delete!(id, outs);
      assert.ok(kind.clusters.has("maas-local"));
      assert.ok(!kind.runner.lines.some((l) => l.startsWith("kind delete")));
    });

    it("update records an adopted cluster's new layout and keeps its kubeconfig and ownership", async () => {
      const provider = kindClusterInstanceProvider(() => new FakeKind().runner);
      const olds = {
        ...inputs,
        created: false,
        context: "kind-maas-local",
        kubeconfig: "k",
        clusterId: "ca-1",
      };
      const { outs } = (await provider.update!("maas-local", olds, {
        ...inputs,
        config: "other",
      })) as pulumi.dynamic.UpdateResult;
      assert.deepEqual(outs, { ...olds, config: "other" });
    });

    it("read reports a vanished cluster with an empty id, so refresh removes it from the state", async () => {
      const kind = new FakeKind();
      const provider = kindClusterInstanceProvider(() => kind.runner);
      const { id, outs } = await provider.create(inputs);
      assert.equal((await provider.read!(id, outs)).id, "maas-local");
      kind.clusters.clear();
      assert.equal((await provider.read!(id, outs)).id, "");
    });
  });

  it("the identity hashes the CA: same CA same id, new CA new id", () => {
    assert.equal(clusterIdentity(fakeKubeconfig("a", "CA1")), clusterIdentity(fakeKubeconfig("b", "CA1")));
    assert.notEqual(clusterIdentity(fakeKubeconfig("a", "CA1")), clusterIdentity(fakeKubeconfig("a", "CA2")));
    assert.match(clusterIdentity(fakeKubeconfig("a", "CA1")), /^ca-[0-9a-f]{16}$/);
  });
});
