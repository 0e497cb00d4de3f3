import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type { TokenClient, TokenSpec } from "../../../components/access/token-client";
import type { TokenRequestInputs } from "../../../components/access/token-request";
import {
  needsRemint,
  REMINT_WINDOW_SECONDS,
  TokenRequest,
  tokenRequestDiff,
  tokenRequestProvider,
} from "../../../components/access/token-request";
import { fakeBin } from "../../helpers/fake-bin";
import { loadSerializedProvider } from "../../helpers/serialized-provider";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const NOW = new Date("2030-01-01T00:00:00Z");
const inputs: TokenRequestInputs = {
  namespace: "maas-api",
  serviceAccount: "free-user",
  audience: "maas-default-gateway-sa",
  expirationSeconds: 3600,
  context: "kind-maas-local",
};
const at = (secondsFromNow: number) => new Date(NOW.getTime() + secondsFromNow * 1000).toISOString();
const state = (expiresIn: number) => ({ ...inputs, token: "t", expiresAt: at(expiresIn) });

class FakeTokenClient implements TokenClient {
  readonly requests: TokenSpec[] = [];
  async createToken(spec: TokenSpec) {
    this.requests.push(spec);
    return { token: `token-${this.requests.length}`, expiresAt: at(spec.expirationSeconds) };
  }
}

describe("TokenRequest (components/access/token-request.ts)", () => {
  it("re-mints when expired or within 10 minutes of expiry", () => {
    assert.equal(REMINT_WINDOW_SECONDS, 600);
    assert.equal(needsRemint(at(3600), NOW, 3600), false);
    assert.equal(needsRemint(at(601), NOW, 3600), false);
    assert.equal(needsRemint(at(600), NOW, 3600), true);
    assert.equal(needsRemint(at(-5), NOW, 3600), true);
    assert.equal(needsRemint("garbage", NOW, 3600), true);
    assert.equal(needsRemint(undefined, NOW, 3600), true);
  });

  it("re-mints a short-lived token only in the last quarter of its lifetime, not at every up", () => {
    assert.equal(needsRemint(at(600), NOW, 600), false, "a fresh 10-minute token");
    assert.equal(needsRemint(at(151), NOW, 600), false);
    assert.equal(needsRemint(at(150), NOW, 600), true);
  });

  it("diff: no change for a fresh token; update for an expiring one or a new audience/duration", () => {
    assert.deepEqual(tokenRequestDiff(state(3600), inputs, NOW), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(tokenRequestDiff(state(300), inputs, NOW), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(tokenRequestDiff(state(3600), { ...inputs, audience: "other" }, NOW).changes, true);
    assert.equal(tokenRequestDiff(state(3600), { ...inputs, expirationSeconds: 7200 }, NOW).changes, true);
  });

  it("diff: replace for another ServiceAccount, namespace, context or kubeconfig", () => {
    assert.deepEqual(
      tokenRequestDiff(state(3600), { ...inputs, serviceAccount: "premium-user" }, NOW).replaces,
      ["serviceAccount"],
    );
    assert.deepEqual(tokenRequestDiff(state(3600), { ...inputs, namespace: "x" }, NOW).replaces, [
      "namespace",
    ]);
    assert.deepEqual(tokenRequestDiff(state(3600), { ...inputs, context: "kind-other" }, NOW).replaces, [
      "context",
    ]);
    assert.deepEqual(tokenRequestDiff(state(3600), { ...inputs, kubeconfig: "/k" }, NOW).replaces, [
      "kubeconfig",
    ]);
  });

  it("create mints with the audience and duration; update re-mints; read keeps state; delete is a no-op", async () => {
    const client = new FakeTokenClient();
    const targets: unknown[] = [];
    const provider = tokenRequestProvider(
      (t) => {
        targets.push(t);
        return client;
      },
      () => NOW,
    );
    const created = await provider.create!(inputs);
    assert.equal(created.id, "maas-api/free-user");
    assert.deepEqual(client.requests[0], {
      namespace: "maas-api",
      serviceAccount: "free-user",
      audience: "maas-default-gateway-sa",
      expirationSeconds: 3600,
    });
    assert.deepEqual(targets[0], { context: "kind-maas-local", kubeconfig: undefined });
    assert.equal(created.outs.token, "token-1");
    assert.equal(created.outs.expiresAt, at(3600));
    assert.deepEqual(await provider.diff!("id", created.outs, inputs), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await provider.update!("id", created.outs, inputs);
    assert.equal(updated.outs.token, "token-2");
    assert.deepEqual((await provider.read!("id", created.outs)).props, created.outs);
    await provider.delete!("id", created.outs);
    assert.equal(client.requests.length, 2, "delete mints nothing");
  });

  it("registers as a dynamic resource whose serialized provider is self-contained and mints via kubectl", async () => {
    const mocks = installMocks();
    const tr = new TokenRequest("free-token", inputs);
    await settle();
    const [recorded] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:TokenRequest");
    assert.ok(recorded, "registered as pulumi-nodejs:dynamic/maas-kind:TokenRequest");
    assert.equal(await resolve(tr.expiresAt), "2030-01-01T00:00:00Z");
    assert.ok(
      typeof recorded.inputs.__provider === "string" &&
        recorded.inputs.__provider.includes("exports.handler"),
    );

    // The provider host runs this text in another process: it must not require any of our .ts files.
    const text = recorded.inputs.__provider as string;
    assert.doesNotMatch(text, /require\(["'][./][^"']*["']\)/);
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(text);
    const bin = fakeBin({
      kubectl: `echo '{"status":{"token":"minted","expirationTimestamp":"2031-01-01T00:00:00Z"}}'`,
    });
    try {
      const created = await bin.withPath(() => provider.create!(inputs));
      assert.equal(created.outs.token, "minted");
      assert.deepEqual(bin.calls(), [
        "kubectl --context kind-maas-local create token free-user --namespace maas-api --audience maas-default-gateway-sa --duration 3600s --output json",
      ]);
      const diff = await provider.diff!("id", { ...created.outs, expiresAt: "2000-01-01T00:00:00Z" }, inputs);
      assert.equal(diff.changes, true, "an expired token is re-minted by the serialized provider too");
    } finally {
      bin.remove();
    }
  });
});
