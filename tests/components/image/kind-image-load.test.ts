import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { KindImageLoadInputs } from "../../../components/image/kind-image-load";
import {
  kindImageLoadDiff,
  kindImageLoadProvider,
  imagePresentInCluster,
  loadImageIntoKind,
  saveCommand,
} from "../../../components/image/kind-image-load";
import { kindEnv } from "../../../components/exec/kind-cli";
import { FakeRunner } from "../../helpers/fake-runner";

const spec = { image: "localhost/maas-kind/simulator:dev", cluster: "maas-local", engine: "docker" as const };
const inputs: KindImageLoadInputs = { ...spec, imageId: "sha256:1" };

/** A runner for a machine where `kind get clusters` lists `clusters`; records the archive seen by each call. */
function machine(clusters = ["maas-local"], fail?: string) {
  const archives: string[] = [];
  const runner = new FakeRunner((c) => {
    const line = [c.command, ...c.args].join(" ");
    if (fail && line.startsWith(fail)) return { code: 1, stderr: `${fail} failed` };
    if (line === "kind get clusters") return { stdout: clusters.join("\n") + "\n" };
    const archive = c.args.find((a) => a.endsWith("image.tar"));
    if (archive) {
      archives.push(archive);
      assert.ok(existsSync(path.dirname(archive)), "the archive's directory exists while commands run");
    }
    return undefined;
  });
  return { runner, archives };
}

describe("image loader (components/image/kind-image-load.ts)", () => {
  it("Docker: checks the cluster, docker save, kind load image-archive --name <cluster>, then removes the archive", async () => {
    const { runner, archives } = machine();
    await loadImageIntoKind(runner, spec);
    const archive = archives[0] as string;
    assert.deepEqual(runner.lines, [
      "kind get clusters",
      `docker save -o ${archive} localhost/maas-kind/simulator:dev`,
      `kind load image-archive ${archive} --name maas-local`,
    ]);
    assert.deepEqual(runner.calls[2]?.env, {});
    assert.ok(!existsSync(path.dirname(archive)), "the temporary directory is removed");
  });

  it("Podman: podman save as docker-archive, and kind with KIND_EXPERIMENTAL_PROVIDER=podman", async () => {
    const { runner, archives } = machine();
    await loadImageIntoKind(runner, { ...spec, engine: "podman" });
    assert.deepEqual(runner.lines.slice(1), [
      `podman save --format docker-archive -o ${archives[0]} localhost/maas-kind/simulator:dev`,
      `kind load image-archive ${archives[0]} --name maas-local`,
    ]);
    assert.deepEqual(runner.calls[0]?.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    assert.deepEqual(runner.calls[2]?.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    assert.deepEqual(kindEnv("docker"), {});
    assert.deepEqual(saveCommand("docker", "i", "/a.tar"), ["docker", ["save", "-o", "/a.tar", "i"]]);
  });

  it("says which clusters exist and how to create the missing one", async () => {
    const { runner } = machine(["other"]);
    await assert.rejects(
      loadImageIntoKind(runner, { ...spec, engine: "podman" }),
      /Kind cluster "maas-local" not found \(existing: other\)\. Create it first, e\.g\. `KIND_EXPERIMENTAL_PROVIDER=podman kind create cluster --name maas-local`/,
    );
    assert.equal(runner.calls.length, 1, "nothing is saved or loaded");
  });

  it("says when kind is missing", async () => {
    const runner = new FakeRunner(() => ({ code: 127, notFound: true }));
    await assert.rejects(
      loadImageIntoKind(runner, spec),
      /`kind` was not found on PATH\nkind and a running container engine/,
    );
  });

  it("removes the archive even when the load fails", async () => {
    const { runner, archives } = machine(["maas-local"], "kind load");
    await assert.rejects(
      loadImageIntoKind(runner, spec),
      /`kind load image-archive .* --name maas-local` exited with code 1: kind load failed/,
    );
    assert.ok(!existsSync(path.dirname(archives[0] as string)));
  });

  it("finds the image on every node, and reports it missing when a node or the cluster lacks it", async () => {
    const nodes = (missingOn?: string) =>
      new FakeRunner((c) => {
        if (c.command === "kind") return { stdout: "maas-local-control-plane\nmaas-local-worker\n" };
        return c.args[1] === missingOn ? { code: 1 } : undefined;
      });
    const all = nodes();
    assert.equal(await imagePresentInCluster(all, spec), true);
    assert.deepEqual(all.lines.slice(1), [
      "docker exec maas-local-control-plane crictl inspecti localhost/maas-kind/simulator:dev",
      "docker exec maas-local-worker crictl inspecti localhost/maas-kind/simulator:dev",
    ]);
    assert.equal(await imagePresentInCluster(nodes("maas-local-worker"), spec), false);
    assert.equal(await imagePresentInCluster(new FakeRunner(() => ({ code: 1 })), spec), false);
  });

  describe("when it (re)loads", () => {
    it("reloads for a new image id, image, cluster, engine or cluster instance, and not otherwise", () => {
      const state = { ...inputs, loaded: true };
      assert.deepEqual(kindImageLoadDiff(state, inputs), {
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      assert.deepEqual(kindImageLoadDiff(state, { ...inputs, imageId: "sha256:2" }).replaces, ["imageId"]);
      assert.deepEqual(kindImageLoadDiff(state, { ...inputs, cluster: "other" }).replaces, ["cluster"]);
      assert.deepEqual(kindImageLoadDiff(state, { ...inputs, engine: "podman" }).replaces, ["engine"]);
      assert.deepEqual(kindImageLoadDiff(state, { ...inputs, image: "x:2" }).replaces, ["image"]);
      assert.deepEqual(kindImageLoadDiff(state, { ...inputs, clusterId: "abc" }).replaces, ["clusterId"]);
    });

    it("reloads after a refresh found the image gone from the cluster", () => {
      assert.deepEqual(kindImageLoadDiff({ ...inputs, loaded: false }, inputs).replaces, ["imageId"]);
    });

    it("the provider loads on create, checks presence on read, and does nothing on delete", async () => {
      const { runner } = machine();
      const provider = kindImageLoadProvider(() => runner);
      const created = await provider.create!(inputs);
      assert.equal(created.id, "maas-local/sha256:1");
      assert.equal(created.outs.loaded, true);
      assert.ok(runner.lines.some((l) => l.startsWith("kind load image-archive")));
      const before = runner.calls.length;
      const read = await provider.read!("id", { ...inputs, loaded: true });
      assert.equal(read.props?.loaded, false, "this fake machine lists no nodes");
      await provider.delete!("id", inputs);
      assert.ok(runner.calls.length > before && !runner.lines.slice(before).some((l) => l.includes("load")));
    });
  });
});
