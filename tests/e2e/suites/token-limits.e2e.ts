/**
 * Suite 5, token rate limits: for each tier where it can be told apart from the request limit, requests with a
 * large `max_tokens` and `ignore_eos` (so each answer is exactly that long) until the first 429, summing the
 * answers' `usage.total_tokens`. Passes when the 429 comes only after the sum passed the tier's token limit
 * and within fewer requests than its request limit — so it was the token limit, not the request limit. Waits
 * out windows like the request suite, and retries once if a 429 comes under the limit.
 */
import { strict as assert } from "node:assert";
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import { e2eContext } from "../context";
import { chatRequest, observe } from "../lib/completion-checks";
import { waitForFreshCounters } from "../lib/ledger";
import type { Observed, Verdict } from "../lib/observed";
import { describeObserved } from "../lib/observed";
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
import type { TokenLimitPlan } from "../lib/token-limit";
import { evaluateTokenLimit, planTokenLimit, tokenSequenceDone } from "../lib/token-limit";

const ctx = e2eContext();

async function attempt(
  mocha: Mocha.Context,
  tier: TierOutput,
  plan: Extract<TokenLimitPlan, { kind: "run" }>,
): Promise<Verdict> {
  await waitOut(
    mocha,
    ctx,
    waitForFreshCounters(ctx.ledger.get(tierKey(ctx, tier)), tier, Date.now()),
    `tier ${tier.name}: waiting for fresh counters`,
  );
  const model = ctx.outputs.models[tier.allowedModels[0]!]!;
  const body = chatRequest(model.name, { maxTokens: plan.maxTokens, ignoreEos: true });
  const seq: Observed[] = [];
  while (!tokenSequenceDone(seq, plan)) {
    const r = await tierCall(ctx, tier, model.gatewayUrls.chatCompletions, body);
    seq.push(observe(r.status, r.json, r.text));
  }
  ctx.log(`responses: ${seq.map(describeObserved).join(", ")}`);
  return noteVerdict(ctx, evaluateTokenLimit(tier.limits, ctx.options.tokenSlack, seq));
}

describe(`token rate limits: a 429 only once the summed usage passed the limit${policyTag(ctx)}`, function () {
  before(async function () {
    skipUnlessReady(this, ctx, await policyMissing(ctx));
    if (tiersWithTokens(ctx).length === 0) skipUnlessReady(this, ctx, "the outputs have no tier tokens");
  });

  for (const tier of tiersWithTokens(ctx)) {
    const { limit, window } = tier.limits.tokens;
    const title = `tier ${tier.name}: ${limit} tokens per ${window}`;
    if (tier.allowedModels.length === 0) {
      itNotApplicable(title, `tier ${tier.name} may use no model`);
      continue;
    }
    const plan = planTokenLimit({
      limits: tier.limits,
      maxTokensPerRequest: ctx.options.maxTokensPerRequest,
      slack: ctx.options.tokenSlack,
    });
    if (plan.kind === "infeasible") {
      itNotApplicable(title, plan.reason);
      continue;
    }
    it(title, async function () {
      ctx.log(
        `max_tokens ${plan.maxTokens} with ignore_eos: the sum passes ${limit} after ${plan.successes} successes; ` +
          `at most ${plan.maxRequests} requests` +
          (tier.limits.requests ? ` (request limit ${tier.limits.requests.limit})` : ` (no request limit)`),
      );
      let verdict = await attempt(this, tier, plan);
      if (verdict.kind === "counter-active") {
        ctx.log(`${verdict.summary}; retrying once after the window`);
        verdict = await attempt(this, tier, plan);
      }
      ctx.ledger.recordExhausted(tierKey(ctx, tier), tier.limits.tokens.windowSeconds);
      ctx.log(verdict.summary);
      if (verdict.kind !== "pass") assert.fail(verdict.summary);
    });
  }
});
