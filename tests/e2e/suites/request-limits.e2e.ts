/**
 * Suite 4, request rate limits: for each tier, `limit + 3` cheap requests (one completion token each, so the
 * token limit stays out of the way) right after its counters were idle for a window: exactly `limit`
 * successes, then 429s. Limits and windows come from the outputs. If an earlier run (or this run's earlier
 * suites) may have left a counter active, the suite waits out the window, saying how long; if 429s still come
 * early it waits one more window and retries once.
 */
import { strict as assert } from "node:assert";
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import { e2eContext } from "../context";
import { chatRequest, observe } from "../lib/completion-checks";
import { waitForFreshCounters } from "../lib/ledger";
import type { Observed, Verdict } from "../lib/observed";
import { evaluateRequestLimit, planRequestLimit } from "../lib/request-limit";
import {
  itNotApplicable,
  noteVerdict,
  policyMissing,
  policyTag,
  skipUnlessReady,
  tierCall,
  tierKey,
  tiersWithTokens,
  waitOut,
} from "../lib/suite";

const ctx = e2eContext();

async function attempt(
  mocha: Mocha.Context,
  tier: TierOutput,
  requests: number,
  maxTokens: number,
): Promise<Verdict> {
  await waitOut(
    mocha,
    ctx,
    waitForFreshCounters(ctx.ledger.get(tierKey(ctx, tier)), tier, Date.now()),
    `tier ${tier.name}: waiting for fresh counters`,
  );
  const model = ctx.outputs.models[tier.allowedModels[0]!]!;
  const seq: Observed[] = [];
  for (let i = 0; i < requests; i++) {
    const r = await tierCall(
      ctx,
      tier,
      model.gatewayUrls.chatCompletions,
      chatRequest(model.name, { maxTokens }),
    );
    seq.push(observe(r.status, r.json, r.text));
  }
  return noteVerdict(ctx, evaluateRequestLimit(tier.limits, seq));
}

describe(`request rate limits: limit + 3 requests → exactly limit successes, then 429${policyTag(ctx)}`, function () {
  before(async function () {
    skipUnlessReady(this, ctx, await policyMissing(ctx));
    if (tiersWithTokens(ctx).length === 0) skipUnlessReady(this, ctx, "the outputs have no tier tokens");
  });

  for (const tier of tiersWithTokens(ctx)) {
    const requests = tier.limits.requests;
    const title = requests
      ? `tier ${tier.name}: ${requests.limit} requests per ${requests.window}`
      : `tier ${tier.name}: request limit`;
    if (tier.allowedModels.length === 0) {
      itNotApplicable(title, `tier ${tier.name} may use no model`);
      continue;
    }
    const plan = planRequestLimit(tier.limits);
    if (plan.kind === "infeasible") {
      itNotApplicable(title, plan.reason);
      continue;
    }
    it(title, async function () {
      let verdict = await attempt(this, tier, plan.requests, plan.maxTokens);
      if (verdict.kind === "counter-active") {
        ctx.log(`${verdict.summary}; retrying once after the window`);
        verdict = await attempt(this, tier, plan.requests, plan.maxTokens);
      }
      ctx.ledger.recordExhausted(tierKey(ctx, tier), requests?.windowSeconds ?? 0);
      ctx.log(verdict.summary);
      if (verdict.kind !== "pass") assert.fail(verdict.summary);
    });
  }
});
