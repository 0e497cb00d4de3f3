/**
 * Suite 3, tier access: every tier's token against every model through the gateway — 200 where the outputs'
 * `allowedModels` list the model, 403 elsewhere — and no token or a garbage token → 401 for every model. Where
 * the outputs have API keys (maas-subscriptions with maas-api), the same matrix with each tier's key (bound to
 * the tier's subscription), and a garbage key in maas-api's form → 401 (or 403). Proves
 * the gateway authenticates and authorises per tier exactly as the stack's RBAC says (the original scripts' free
 * tier reaching model-b through a cluster-wide grant shows up here).
 */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import { e2eContext } from "../context";
import type { AccessCase } from "../lib/access";
import { GARBAGE_API_KEY, accessProblems, accessTable } from "../lib/access";
import { chatRequest } from "../lib/completion-checks";
import { http } from "../lib/http";
import { waitUntilUsable } from "../lib/ledger";
import {
  apiKeyCall,
  expectNoProblems,
  itNotApplicable,
  policyMissing,
  policyTag,
  skipUnlessReady,
  tierCall,
  tierKey,
  tiersWithApiKeys,
  tiersWithTokens,
  waitOut,
} from "../lib/suite";

const ctx = e2eContext();
const models = Object.values(ctx.outputs.models);

/**
 * Every tier × model with the tier's credential (`call` sends it), once counters a rate-limit test exhausted
 * for these tiers have expired.
 */
async function tierMatrix(
  test: Mocha.Context,
  tiers: readonly TierOutput[],
  kind: "tier" | "apiKey",
  call: typeof tierCall,
): Promise<AccessCase[]> {
  const now = Date.now();
  const waits = tiers.map((t) => waitUntilUsable(ctx.ledger.get(tierKey(ctx, t)), t, now));
  await waitOut(
    test,
    ctx,
    waits.reduce((a, b) => (b.ms > a.ms ? b : a)),
    "waiting for exhausted counters to expire",
  );
  const cases: AccessCase[] = [];
  for (const tier of tiers) {
    for (const model of models) {
      const r = await call(
        ctx,
        tier,
        model.gatewayUrls.chatCompletions,
        chatRequest(model.name, { maxTokens: 1 }),
      );
      cases.push({ credential: { kind, tier: tier.name }, model: model.name, status: r.status });
    }
  }
  return cases;
}

describe(`tier access: 200 for allowed models, 403 elsewhere, 401 without a valid token${policyTag(ctx)}`, function () {
  before(async function () {
    skipUnlessReady(this, ctx, await policyMissing(ctx));
  });

  it("every tier × model with the tier's token", async function () {
    const tiers = tiersWithTokens(ctx);
    for (const t of Object.keys(ctx.outputs.tiers)) {
      if (!ctx.outputs.tokens[t]) ctx.log(`tier ${t}: no token in the outputs, not tested`);
    }
    if (tiers.length === 0) skipUnlessReady(this, ctx, "the outputs have no tier tokens");
    const cases = await tierMatrix(this, tiers, "tier", tierCall);
    ctx.log(accessTable(cases, ctx.outputs.tiers));
    expectNoProblems(
      accessProblems(cases, ctx.outputs.tiers),
      "the gateway answered differently from allowedModels",
    );
  });

  it("no token and a garbage token → 401 for every model", async () => {
    const cases: AccessCase[] = [];
    for (const model of models) {
      for (const token of [undefined, "not-a-valid-token"]) {
        const r = await http(model.gatewayUrls.chatCompletions, {
          body: chatRequest(model.name, { maxTokens: 1 }),
          timeoutMs: ctx.options.requestTimeoutMs,
          ...(token ? { token } : {}),
        });
        cases.push({
          credential: token ? { kind: "garbage" } : { kind: "none" },
          model: model.name,
          status: r.status,
        });
      }
    }
    ctx.log(accessTable(cases, ctx.outputs.tiers));
    expectNoProblems(
      accessProblems(cases, ctx.outputs.tiers),
      "requests without a valid token were not refused with 401",
    );
  });

  const keyTitle = "every tier × model with the tier's API key, and a garbage API key → 401 (or 403)";
  if (tiersWithApiKeys(ctx).length === 0) {
    itNotApplicable(
      keyTitle,
      ctx.outputs.platform === "maas-kind"
        ? "platform maas-kind has no API keys (maas-api issues them on maas-subscriptions)"
        : "the outputs have no API keys (maas-subscriptions mints them only with subscriptions.maasApiUrl)",
    );
  } else {
    it(keyTitle, async function () {
      const now = Date.now();
      for (const t of Object.keys(ctx.outputs.tiers)) {
        if (!ctx.outputs.apiKeys[t]) ctx.log(`tier ${t}: no API key in the outputs, not tested`);
      }
      const expired = (t: { name: string }) => !(Date.parse(ctx.outputs.apiKeys[t.name]!.expiresAt) > now);
      for (const t of tiersWithApiKeys(ctx).filter(expired)) {
        ctx.log(
          `tier ${t.name}: its API key expired at ${ctx.outputs.apiKeys[t.name]!.expiresAt}, not tested ` +
            "(`npm run up` mints a new one)",
        );
      }
      const tiers = tiersWithApiKeys(ctx).filter((t) => !expired(t));
      if (tiers.length === 0)
        skipUnlessReady(this, ctx, "every API key in the outputs has expired: run `npm run up`");
      const cases = await tierMatrix(this, tiers, "apiKey", apiKeyCall);
      for (const model of models) {
        const r = await http(model.gatewayUrls.chatCompletions, {
          body: chatRequest(model.name, { maxTokens: 1 }),
          timeoutMs: ctx.options.requestTimeoutMs,
          token: GARBAGE_API_KEY,
        });
        cases.push({ credential: { kind: "garbageKey" }, model: model.name, status: r.status });
      }
      ctx.log(accessTable(cases, ctx.outputs.tiers));
      expectNoProblems(
        accessProblems(cases, ctx.outputs.tiers),
        "the gateway answered API keys differently from the tiers' allowedModels",
      );
    });
  }
});
