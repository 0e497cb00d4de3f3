import { strict as assert } from "node:assert";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { isKubeconfigContent, kubectlTargetArgs, withKubeconfigPath } from "../../../components/exec/kubectl";

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";

describe("kubectl target (components/exec/kubectl.ts)", () => {
  it("tells kubeconfig contents from a path", () => {
    assert.equal(isKubeconfigContent(KUBECONFIG), true);
    assert.equal(isKubeconfigContent("apiVersion: v1"), true);
    assert.equal(isKubeconfigContent("  clusters: []"), true);
    assert.equal(isKubeconfigContent("/home/me/.kube/config"), false);
    assert.equal(isKubeconfigContent("kind-config"), false);
  });

  it("puts --kubeconfig before --context, and only when there is a path", () => {
    assert.deepEqual(kubectlTargetArgs("kind-x"), ["--context", "kind-x"]);
    assert.deepEqual(kubectlTargetArgs("kind-x", "/k"), ["--kubeconfig", "/k", "--context", "kind-x"]);
  });

  it("passes a path or undefined through unchanged", async () => {
    assert.equal(await withKubeconfigPath("/k", async (p) => p), "/k");
    assert.equal(await withKubeconfigPath(undefined, async (p) => p), undefined);
  });

  it("writes contents to a private temporary file for the call and removes it afterwards", async () => {
    let seen = "";
    const result = await withKubeconfigPath(KUBECONFIG, async (p) => {
      assert.ok(p);
      seen = p;
      assert.equal(readFileSync(p, "utf8"), KUBECONFIG);
      assert.equal(statSync(p).mode & 0o777, 0o600);
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(existsSync(seen), false);
    assert.equal(existsSync(path.dirname(seen)), false);
  });

  it("removes the temporary file when the call fails", async () => {
    let seen = "";
    await assert.rejects(
      withKubeconfigPath(KUBECONFIG, async (p) => {
        seen = p ?? "";
        throw new Error("kubectl failed");
      }),
      /kubectl failed/,
    );
    assert.notEqual(seen, "");
    assert.equal(existsSync(path.dirname(seen)), false);
  });
});
