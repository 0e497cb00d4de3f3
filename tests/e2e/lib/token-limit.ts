/**
 * The token rate limit suite's decisions: how large each request must be to pass a tier's token limit with
 * fewer requests than its request limit, and whether a recorded sequence proves that a 429 came from the token
 * limit. Pure.
 *
 * A MaaS gateway checks the token counter before forwarding a request and adds the response's
 * `usage.total_tokens` after it, so requests pass while the sum is under the limit and are refused once it has
 * passed. The report can land after the next request's check (it is asynchronous), so `slack` successes past
 * the limit are tolerated.
 */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import type { Observed, Verdict } from "./observed";
import { classify, describeObserved, statusRuns } from "./observed";
import { PROMPT_TOKENS_MAX } from "./request-limit";

/** Successes the plan aims for under the limit (more shows the counter accumulating; fewer fit small request limits). */
const PREFERRED_SUCCESSES = 3;

/** Inputs of the plan. */
export interface TokenLimitPlanInput {
  readonly limits: TierOutput["limits"];
  /** Largest `max_tokens` one request may ask (the model's context window minus the prompt). */
  readonly maxTokensPerRequest: number;
  /** Successes tolerated after the sum passed the limit (asynchronous usage reports). */
  readonly slack: number;
}

/** What to send for a tier, or why its token limit cannot be isolated from its request limit. */
export type TokenLimitPlan =
  | {
      readonly kind: "run";
      /** `max_tokens` of every request (sent with `ignore_eos`, so the answer has exactly this many). */
      readonly maxTokens: number;
      /** Successes after which the sum passes the limit (for any prompt of 1..PROMPT_TOKENS_MAX tokens). */
      readonly successes: number;
      /**
       * The most requests to send: fewer than the request limit, so it can never be the cause of a 429; without a
       * request limit, the planned successes, the slack and the 429.
       */
      readonly maxRequests: number;
    }
  | { readonly kind: "infeasible"; readonly reason: string };

/**
 * With `m = floor(L / n)` completion tokens per request, `n` successes always pass the limit `L` and `n - 1`
 * stay under it for prompts up to PROMPT_TOKENS_MAX tokens; `n` successes, `slack` more and the 429 must fit in
 * `requestLimit - 1` requests.
 */
export function planTokenLimit(input: TokenLimitPlanInput): TokenLimitPlan {
  const L = input.limits.tokens.limit;
  const fewest = Math.ceil(L / input.maxTokensPerRequest);
  const requests = input.limits.requests;
  if (requests === undefined) {
    // No request limit to stay under: n successes of m = floor(L / n) tokens, then the slack and the 429.
    for (let n = Math.max(PREFERRED_SUCCESSES, fewest); n <= fewest + PREFERRED_SUCCESSES + 1; n++) {
      const m = Math.floor(L / n);
      if (m < 1 || m > input.maxTokensPerRequest) continue;
      if ((n - 1) * (m + PROMPT_TOKENS_MAX) >= L) continue;
      return { kind: "run", maxTokens: m, successes: n, maxRequests: n + input.slack + 1 };
    }
    return {
      kind: "infeasible",
      reason:
        `no number of requests of ≤ ${input.maxTokensPerRequest} tokens passes the token limit ${L} per ` +
        `${input.limits.tokens.window} at a known request for every prompt of 1..${PROMPT_TOKENS_MAX} tokens`,
    };
  }
  const R = requests.limit;
  const maxRequests = R - 1;
  const maxSuccesses = maxRequests - 1 - input.slack;
  const cannot = (why: string): TokenLimitPlan => ({
    kind: "infeasible",
    reason:
      `the token limit ${L} per ${input.limits.tokens.window} ${why}, so a 429 could not be told apart from ` +
      `the request limit ${R} per ${requests.window}`,
  });
  if (maxSuccesses < 1) {
    return cannot(
      `leaves no room: ${R} requests allow at most ${maxSuccesses} successes with slack ${input.slack}`,
    );
  }
  const start = Math.min(maxSuccesses, Math.max(PREFERRED_SUCCESSES, fewest));
  for (let n = start; n >= 1; n--) {
    const m = Math.floor(L / n);
    if (m < 1 || m > input.maxTokensPerRequest) continue;
    if ((n - 1) * (m + PROMPT_TOKENS_MAX) >= L) continue;
    return { kind: "run", maxTokens: m, successes: n, maxRequests };
  }
  return cannot(
    `needs at least ${fewest} requests of ≤ ${input.maxTokensPerRequest} tokens, more than the ${maxSuccesses} ` +
      `that fit under the request limit`,
  );
}

/** True once a sequence needs no more requests: after its first response that is not a success. */
export function tokenSequenceDone(seq: readonly Observed[], plan: { readonly maxRequests: number }): boolean {
  return seq.length >= plan.maxRequests || seq.some((o) => classify(o.status) !== "ok");
}

/**
 * Judges responses sent one after another (stopping at the first non-success) after the tier's counters were
 * idle for a window. Passes when the first 429 comes only once the summed `usage.total_tokens` of the successes
 * has reached the limit, at most `slack` successes after it passed, and within fewer requests than the request
 * limit: then the request limit cannot have caused it, so the token limit did.
 */
export function evaluateTokenLimit(
  limits: TierOutput["limits"],
  slack: number,
  seq: readonly Observed[],
): Verdict {
  const L = limits.tokens.limit;
  // Without a request limit, only the token limit can answer 429.
  const R = limits.requests?.limit ?? Infinity;
  const runs = statusRuns(seq);
  let sum = 0;
  let pastLimit = 0;
  for (const [i, o] of seq.entries()) {
    const n = i + 1;
    if (o.status === 429) {
      if (sum < L) {
        return {
          kind: "counter-active",
          summary:
            `429 at request ${n} with only ${sum} tokens used, under the token limit ${L} (${runs}): a counter ` +
            `from earlier requests was still active, or this 429 is not the token limit's`,
        };
      }
      if (n >= R) {
        return {
          kind: "fail",
          summary:
            `inconclusive: the 429 came at request ${n}, not fewer than the request limit ${R}, so the ` +
            `request limit is not ruled out (${runs})`,
        };
      }
      return {
        kind: "pass",
        limit: "tokens",
        summary:
          `${i} successes used ${sum} tokens (limit ${L}); request ${n} got 429, ` +
          (Number.isFinite(R)
            ? `fewer requests than the request limit ${R}, so the 429 is the token limit's (${runs})`
            : `and the tier has no request limit, so the 429 is the token limit's (${runs})`),
      };
    }
    if (classify(o.status) !== "ok") {
      return { kind: "fail", summary: `request ${n}: ${describeObserved(o)}, expected 200 or 429 (${runs})` };
    }
    if (o.totalTokens === undefined || o.totalTokens <= 0) {
      return {
        kind: "fail",
        summary: `request ${n} succeeded without usage.total_tokens: nothing can count its tokens (${runs})`,
      };
    }
    if (sum > L && ++pastLimit > slack) {
      return {
        kind: "fail",
        summary:
          `request ${n} succeeded although ${sum} tokens were already used, past the token limit ${L} ` +
          `(${pastLimit} successes past it, slack ${slack}): the token limit is not enforced (${runs})`,
      };
    }
    sum += o.totalTokens;
  }
  return {
    kind: "fail",
    summary:
      sum > L
        ? `no 429 in ${seq.length} requests although ${sum} tokens passed the token limit ${L}: the token limit is not enforced (${runs})`
        : `inconclusive: ${seq.length} requests used only ${sum} tokens, not past the limit ${L} (are the answers shorter than max_tokens? ignore_eos honoured?) (${runs})`,
  };
}
