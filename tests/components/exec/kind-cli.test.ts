import { strict as assert } from "node:assert";
import {
  kindContext,
  kindEnv,
  kindEnvPrefix,
  listKindClusters,
  outputLines,
} from "../../../components/exec/kind-cli";
import { isCommandError } from "../../../components/exec/runner";
import { FakeRunner } from "../../helpers/fake-runner";

describe("kind CLI (components/exec/kind-cli.ts)", () => {
  it("selects Podman through KIND_EXPERIMENTAL_PROVIDER, Docker by default", () => {
    assert.deepEqual(kindEnv("podman"), { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    assert.deepEqual(kindEnv("docker"), {});
    assert.equal(kindEnvPrefix("podman"), "KIND_EXPERIMENTAL_PROVIDER=podman ");
    assert.equal(kindEnvPrefix("docker"), "");
  });

  it("names the context as kind does: kind-<cluster>", () => {
    assert.equal(kindContext("maas-local"), "kind-maas-local");
  });

  it("splits output into trimmed, non-empty lines", () => {
    assert.deepEqual(outputLines("  a \n\n b\r\n\t\n"), ["a", "b"]);
    assert.deepEqual(outputLines(""), []);
  });

  it("lists the clusters with `kind get clusters` in the engine's environment", async () => {
    const runner = new FakeRunner(() => ({ stdout: "maas-local\nother\n" }));
    assert.deepEqual(await listKindClusters(runner, "podman"), ["maas-local", "other"]);
    assert.deepEqual(runner.lines, ["kind get clusters"]);
    assert.deepEqual(runner.calls[0]!.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
  });

  it("returns no cluster when kind reports none (on stderr only)", async () => {
    const runner = new FakeRunner(() => ({ stderr: "No kind clusters found.\n" }));
    assert.deepEqual(await listKindClusters(runner, "docker"), []);
    assert.deepEqual(runner.calls[0]!.env, {});
  });

  it("throws a CommandError carrying the hint when kind fails", async () => {
    const runner = new FakeRunner(() => ({ code: 1, stderr: "ERROR: failed to list clusters: boom" }));
    await assert.rejects(listKindClusters(runner, "docker", "is Docker running?"), (e: unknown) => {
      assert.ok(isCommandError(e), String(e));
      assert.match(e.message, /`kind get clusters` exited with code 1: ERROR: failed to list clusters: boom/);
      assert.match(e.message, /\nis Docker running\?$/);
      return true;
    });
  });
});
