/**
 * The request rate limit suite's decisions: whether a tier's request limit can be tested without its token
 * limit firing first, and what a recorded sequence of `limit + 3` responses proves. Pure.
 */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import type { Observed, Verdict } from "./observed";
import { classify, describeObserved, statusRuns, tokensOfSuccesses } from "./observed";

/** Requests sent beyond the limit: each must get 429. */
export const EXTRA_REQUESTS = 3;
/** `max_tokens` of each request: the cheapest completion, so the token limit stays out of the way. */
export const REQUEST_TEST_MAX_TOKENS = 1;
/** The most prompt tokens the suite's tiny prompt is assumed to cost on any tokenizer. */
export const PROMPT_TOKENS_MAX = 16;

/** What to send for a tier, or why its request limit cannot be told apart from its token limit. */
export type RequestLimitPlan =
  | { readonly kind: "run"; readonly requests: number; readonly maxTokens: number }
  | { readonly kind: "infeasible"; readonly reason: string };

/** Why a tier without a request limit has no request-limit test. */
export const NO_REQUEST_LIMIT =
  "the platform enforces no request-count limit for this tier (a MaaSSubscription has token limits only)";

/** `limit + 3` requests of at most `PROMPT_TOKENS_MAX + 1` tokens each, if `limit` of them stay under the token limit. */
export function planRequestLimit(limits: TierOutput["limits"]): RequestLimitPlan {
  const requests = limits.requests;
  if (requests === undefined) return { kind: "infeasible", reason: NO_REQUEST_LIMIT };
  const worst = requests.limit * (PROMPT_TOKENS_MAX + REQUEST_TEST_MAX_TOKENS);
  if (worst >= limits.tokens.limit) {
    return {
      kind: "infeasible",
      reason:
        `${requests.limit} requests of up to ${PROMPT_TOKENS_MAX + REQUEST_TEST_MAX_TOKENS} tokens could ` +
        `reach the token limit (${limits.tokens.limit}) first, so a 429 could not be attributed to the request limit`,
    };
  }
  return {
    kind: "run",
    requests: requests.limit + EXTRA_REQUESTS,
    maxTokens: REQUEST_TEST_MAX_TOKENS,
  };
}

/**
 * Judges `limit + 3` sequential responses sent after the tier's counters were idle for a window: exactly
 * `limit` successes, then only 429s, with fewer tokens used than the token limit (so the 429s are the request
 * limit's). 429s before the limit mean a counter was still active (retry after a window) or a lower limit.
 */
export function evaluateRequestLimit(limits: TierOutput["limits"], seq: readonly Observed[]): Verdict {
  const requests = limits.requests;
  if (requests === undefined) return { kind: "fail", summary: `nothing to judge: ${NO_REQUEST_LIMIT}` };
  const limit = requests.limit;
  const runs = statusRuns(seq);
  const odd = seq.flatMap((o, i) =>
    classify(o.status) === "ok" || classify(o.status) === "rate-limited"
      ? []
      : [`request ${i + 1}: ${describeObserved(o)}`],
  );
  if (odd.length > 0) {
    return {
      kind: "fail",
      summary: `only 200 and 429 were expected (${runs}); ${odd.join("; ")}`,
    };
  }
  const first429 = seq.findIndex((o) => o.status === 429);
  if (first429 < 0) {
    return {
      kind: "fail",
      summary:
        `${seq.length} requests all succeeded (${runs}): the request limit ${limit} per ` +
        `${requests.window} is not enforced`,
    };
  }
  const lateSuccess = seq.findIndex((o, i) => i > first429 && classify(o.status) === "ok");
  if (lateSuccess >= 0) {
    return {
      kind: "fail",
      summary:
        `request ${lateSuccess + 1} succeeded after the 429 of request ${first429 + 1} (${runs}): the window ` +
        `ended during the test, or the counter is not per user`,
    };
  }
  if (first429 < limit) {
    return {
      kind: "counter-active",
      summary:
        `429 after ${first429} successes, expected ${limit} (${runs}): a counter from earlier requests was ` +
        `still active, or the gateway enforces a lower limit than the outputs say`,
    };
  }
  if (first429 > limit) {
    return {
      kind: "fail",
      summary: `${first429} successes before the first 429, more than the limit ${limit} (${runs})`,
    };
  }
  const tokens = tokensOfSuccesses(seq);
  if (tokens >= limits.tokens.limit) {
    return {
      kind: "fail",
      summary:
        `inconclusive: the ${limit} successes used ${tokens} tokens, reaching the token limit ` +
        `${limits.tokens.limit}, so the 429s may be the token limit's (${runs})`,
    };
  }
  return {
    kind: "pass",
    limit: "requests",
    summary:
      `exactly ${limit} successes then ${seq.length - limit} × 429 (${runs}); ${tokens} tokens used, under ` +
      `the token limit ${limits.tokens.limit}, so the 429s are the request limit's`,
  };
}
