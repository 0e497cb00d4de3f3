import { strict as assert } from "node:assert";
import { existsSync, readFileSync, statSync } from "node:fs";
import {
  createTokenArgs,
  kubectlTokenClient,
  parseTokenRequest,
} from "../../../components/access/token-client";
import { isKubeconfigContent } from "../../../components/exec/kubectl";
import { FakeRunner } from "../../helpers/fake-runner";

const spec = {
  namespace: "maas-api",
  serviceAccount: "free-user",
  audience: "maas-default-gateway-sa",
  expirationSeconds: 3600,
};
const response = JSON.stringify({
  kind: "TokenRequest",
  apiVersion: "authentication.k8s.io/v1",
  spec: { audiences: ["maas-default-gateway-sa"], expirationSeconds: 3600 },
  status: { token: "eyJ.token", expirationTimestamp: "2030-01-01T01:00:00Z" },
});

describe("token client (components/access/token-client.ts)", () => {
  it("asks kubectl for a TokenRequest with audience and duration in the given context, as JSON", () => {
    assert.deepEqual(createTokenArgs(spec, "kind-maas-local"), [
      "--context", "kind-maas-local", "create", "token", "free-user", "--namespace", "maas-api",
      "--audience", "maas-default-gateway-sa", "--duration", "3600s", "--output", "json",
    ]); // prettier-ignore
    assert.deepEqual(createTokenArgs(spec, "c", "/k").slice(0, 2), ["--kubeconfig", "/k"]);
  });

  it("reads status.token and status.expirationTimestamp, and rejects anything else", () => {
    assert.deepEqual(parseTokenRequest(response), { token: "eyJ.token", expiresAt: "2030-01-01T01:00:00Z" });
    assert.throws(() => parseTokenRequest("eyJ.plain-token"), /printed no JSON TokenRequest/);
    assert.throws(() => parseTokenRequest(JSON.stringify({ status: { token: "" } })), /no status\.token/);
    assert.throws(
      () => parseTokenRequest(JSON.stringify({ status: { token: "t", expirationTimestamp: "soon" } })),
      /valid status\.expirationTimestamp/,
    );
  });

  it("mints through kubectl with the kubeconfig path as given", async () => {
    const runner = new FakeRunner(() => ({ stdout: response }));
    const client = kubectlTokenClient(
      { context: "kind-maas-local", kubeconfig: "/home/u/.kube/config" },
      runner,
    );
    assert.deepEqual(await client.createToken(spec), {
      token: "eyJ.token",
      expiresAt: "2030-01-01T01:00:00Z",
    });
    assert.equal(runner.calls[0]?.command, "kubectl");
    assert.deepEqual(runner.calls[0]?.args.slice(0, 4), [
      "--kubeconfig",
      "/home/u/.kube/config",
      "--context",
      "kind-maas-local",
    ]);
  });

  it("writes kubeconfig contents to a private temporary file for the call only", async () => {
    const content = "apiVersion: v1\nkind: Config\nclusters: []\n";
    let seen = "";
    const runner = new FakeRunner((c) => {
      seen = c.args[1] as string;
      assert.equal(readFileSync(seen, "utf8"), content);
      assert.equal(statSync(seen).mode & 0o777, 0o600);
      return { stdout: response };
    });
    await kubectlTokenClient({ context: "c", kubeconfig: content }, runner).createToken(spec);
    assert.ok(seen !== "" && !existsSync(seen), "the temporary kubeconfig is removed");
    assert.ok(isKubeconfigContent(content) && !isKubeconfigContent("/path/config"));
  });

  it("explains a failed TokenRequest", async () => {
    const runner = new FakeRunner(() => ({
      code: 1,
      stderr: 'error: serviceaccounts "free-user" not found',
    }));
    await assert.rejects(
      kubectlTokenClient({ context: "kind-maas-local" }, runner).createToken(spec),
      /serviceaccounts "free-user" not found\nMinting a token for ServiceAccount maas-api\/free-user in context kind-maas-local failed/,
    );
  });
});
