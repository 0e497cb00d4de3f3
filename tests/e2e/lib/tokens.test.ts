import { strict as assert } from "node:assert";
import type { StackOutputs, TokenOutput } from "../../../components/outputs/stack-outputs";
import { kubectlTokenClient } from "../../../components/access/token-client";
import { refreshTokens, tokensToRefresh } from "./tokens";
import { FakeRunner } from "../../helpers/fake-runner";

const NOW = Date.parse("2030-01-01T12:00:00Z");
const token = (tier: string, expiresAt: string): TokenOutput => ({
  token: `old-${tier}`,
  audience: "maas-default-gateway-sa",
  expiresAt,
  serviceAccount: `${tier}-user`,
  namespace: "maas-api",
  durationSeconds: 3600,
});
const outputs = {
  cluster: { name: "maas-local", context: "kind-maas-local" },
  tokens: {
    free: token("free", "2030-01-01T11:00:00Z"), // expired
    premium: token("premium", "2030-01-01T12:05:00Z"), // within the 10-minute margin
    enterprise: token("enterprise", "2030-01-01T13:00:00Z"),
  },
} as unknown as StackOutputs;

const minted = (t: string) =>
  JSON.stringify({ status: { token: `new-${t}`, expirationTimestamp: "2030-01-01T13:00:00Z" } });

describe("e2e: expiring tokens (tests/e2e/lib/tokens.ts)", () => {
  it("finds tokens that expired or expire within the margin", () => {
    assert.deepEqual(tokensToRefresh(outputs.tokens, NOW), [
      { tier: "free", expiresAt: "2030-01-01T11:00:00Z", expired: true },
      { tier: "premium", expiresAt: "2030-01-01T12:05:00Z", expired: false },
    ]);
    assert.deepEqual(tokensToRefresh(outputs.tokens, NOW, 60), [
      { tier: "free", expiresAt: "2030-01-01T11:00:00Z", expired: true },
    ]);
  });

  it("re-mints them through kubectl create token in the outputs' context, with the stack's audience and duration", async () => {
    const runner = new FakeRunner((call) => ({ stdout: minted(call.args[4]!.replace(/-user$/, "")) }));
    const lines: string[] = [];
    const fresh = await refreshTokens(
      outputs,
      kubectlTokenClient({ context: "kind-maas-local" }, runner),
      NOW,
      (l) => lines.push(l),
    );
    assert.deepEqual(runner.lines, [
      "kubectl --context kind-maas-local create token free-user --namespace maas-api --audience maas-default-gateway-sa --duration 3600s --output json",
      "kubectl --context kind-maas-local create token premium-user --namespace maas-api --audience maas-default-gateway-sa --duration 3600s --output json",
    ]);
    assert.equal(fresh.tokens.free?.token, "new-free");
    assert.equal(fresh.tokens.premium?.expiresAt, "2030-01-01T13:00:00Z");
    assert.equal(fresh.tokens.enterprise?.token, "old-enterprise");
    assert.match(
      lines[0] ?? "",
      /free \(expired 2030-01-01T11:00:00Z\), premium \(expires 2030-01-01T12:05:00Z\)/,
    );
    assert.equal(await refreshTokens(fresh, kubectlTokenClient({ context: "x" }, runner), NOW), fresh);
  });

  it("fails with the kubectl error and the fix when re-minting is impossible", async () => {
    const missing = new FakeRunner(() => ({ code: 127, notFound: true }));
    await assert.rejects(
      refreshTokens(outputs, kubectlTokenClient({ context: "kind-maas-local" }, missing), NOW),
      (err: Error) =>
        /tokens of free \(expired .*\), premium .* are no longer usable, and re-minting them failed/.test(
          err.message,
        ) &&
        /`kubectl` was not found on PATH/.test(err.message) &&
        /Run `npm run up`/.test(err.message),
    );
  });
});
