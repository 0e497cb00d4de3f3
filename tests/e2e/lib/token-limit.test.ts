import { strict as assert } from "node:assert";
import { PROMPT_TOKENS_MAX } from "./request-limit";
import type { TokenLimitPlan } from "./token-limit";
import { evaluateTokenLimit, planTokenLimit, tokenSequenceDone } from "./token-limit";
import { ENTERPRISE, FREE, PREMIUM, ok, s } from "./decision-test-data";

const run = (p: TokenLimitPlan) => {
  assert.equal(p.kind, "run", p.kind === "infeasible" ? p.reason : "");
  return p as Extract<TokenLimitPlan, { kind: "run" }>;
};

describe("e2e: token rate limit decisions (tests/e2e/lib/token-limit.ts)", () => {
  it("without a request limit (maas-subscriptions), plans the successes, the slack and the 429", () => {
    const limits = { tokens: FREE.tokens };
    assert.deepEqual(planTokenLimit({ limits, maxTokensPerRequest: 512, slack: 1 }), {
      kind: "run",
      maxTokens: 33,
      successes: 3,
      maxRequests: 5,
    });
    const tight = planTokenLimit({ limits: { tokens: PREMIUM.tokens }, maxTokensPerRequest: 64, slack: 0 });
    assert.equal(tight.kind, "infeasible");
    assert.match(tight.kind === "infeasible" ? tight.reason : "", /no number of requests of ≤ 64 tokens/);
  });

  it("without a request limit, a 429 after the sum passed the limit is the token limit's", () => {
    const v = evaluateTokenLimit({ tokens: FREE.tokens }, 0, [ok(40), ok(40), ok(40), s(429)]);
    assert.equal(v.kind, "pass");
    assert.match(v.summary, /has no request limit/);
    assert.equal(evaluateTokenLimit({ tokens: FREE.tokens }, 0, [ok(40), s(429)]).kind, "counter-active");
  });

  it("plans requests that pass the token limit with fewer requests than the request limit", () => {
    // free: 5 requests → at most 4 sent; with slack 1: 2 successes, one tolerated success, the 429.
    assert.deepEqual(planTokenLimit({ limits: FREE, maxTokensPerRequest: 512, slack: 1 }), {
      kind: "run",
      maxTokens: 50,
      successes: 2,
      maxRequests: 4,
    });
    // Without slack, three successes fit.
    assert.deepEqual(planTokenLimit({ limits: FREE, maxTokensPerRequest: 512, slack: 0 }), {
      kind: "run",
      maxTokens: 33,
      successes: 3,
      maxRequests: 4,
    });
  });

  it("makes n successes pass the limit and n - 1 stay under it, for every prompt size it assumes", () => {
    for (const limits of [FREE, { ...FREE, tokens: { ...FREE.tokens, limit: 1000 } }]) {
      for (const slack of [0, 1]) {
        const p = run(planTokenLimit({ limits, maxTokensPerRequest: 512, slack }));
        for (let prompt = 1; prompt <= PROMPT_TOKENS_MAX; prompt++) {
          const each = p.maxTokens + prompt;
          assert.ok(p.successes * each > limits.tokens.limit, `passes with prompt ${prompt}`);
          assert.ok((p.successes - 1) * each < limits.tokens.limit, `not before, prompt ${prompt}`);
        }
        assert.ok(p.successes + slack + 1 <= p.maxRequests && p.maxRequests < limits.requests.limit);
      }
    }
  });

  it("uses larger requests when the limit needs them, within the per-request cap", () => {
    const limits = { ...ENTERPRISE, tokens: { ...ENTERPRISE.tokens, limit: 5000 } };
    const p = run(planTokenLimit({ limits, maxTokensPerRequest: 512, slack: 1 }));
    assert.equal(p.successes, 10);
    assert.equal(p.maxTokens, 500);
  });

  it("refuses tiers whose token limit needs more requests than the request limit allows", () => {
    const p = planTokenLimit({ limits: PREMIUM, maxTokensPerRequest: 512, slack: 1 });
    assert.equal(p.kind, "infeasible");
    assert.match(
      p.kind === "infeasible" ? p.reason : "",
      /token limit 50000 per 1m needs at least 98 requests of ≤ 512 tokens, more than the 17 that fit under the request limit/,
    );
    const tiny = planTokenLimit({
      limits: { ...FREE, requests: { ...FREE.requests, limit: 2 } },
      maxTokensPerRequest: 512,
      slack: 1,
    });
    assert.match(tiny.kind === "infeasible" ? tiny.reason : "", /leaves no room/);
  });

  it("stops sending after the first refusal or at the most requests", () => {
    assert.equal(tokenSequenceDone([ok(60)], { maxRequests: 4 }), false);
    assert.equal(tokenSequenceDone([ok(60), s(429)], { maxRequests: 4 }), true);
    assert.equal(tokenSequenceDone([ok(60), ok(60), ok(60), ok(60)], { maxRequests: 4 }), true);
  });

  it("passes a 429 that comes once the summed usage passed the limit, within fewer requests than the request limit", () => {
    const v = evaluateTokenLimit(FREE, 1, [ok(56), ok(56), s(429)]);
    assert.equal(v.kind, "pass");
    assert.match(
      v.summary,
      /2 successes used 112 tokens \(limit 100\); request 3 got 429, fewer requests than the request limit 5/,
    );
    // One success past the limit is tolerated with slack 1 (usage is reported after the response).
    assert.equal(evaluateTokenLimit(FREE, 1, [ok(56), ok(56), ok(56), s(429)]).kind, "pass");
    // Reaching the limit exactly may already be refused.
    assert.equal(evaluateTokenLimit(FREE, 0, [ok(50), ok(50), s(429)]).kind, "pass");
  });

  it("reads a 429 under the limit as a counter still active (or not the token limit)", () => {
    const v = evaluateTokenLimit(FREE, 1, [ok(56), s(429)]);
    assert.equal(v.kind, "counter-active");
    assert.match(v.summary, /429 at request 2 with only 56 tokens used, under the token limit 100/);
  });

  it("fails when successes continue past the limit beyond the slack", () => {
    const v = evaluateTokenLimit(FREE, 0, [ok(56), ok(56), ok(56), s(429)]);
    assert.equal(v.kind, "fail");
    assert.match(
      v.summary,
      /request 3 succeeded although 112 tokens were already used, past the token limit 100/,
    );
    const never = evaluateTokenLimit(FREE, 1, [ok(56), ok(56), ok(56), ok(56)]);
    assert.equal(never.kind, "fail");
    assert.match(never.summary, /request 4 succeeded although 168 tokens/);
  });

  it("cannot prove anything when the 429 comes at the request limit, or the answers are too short", () => {
    const atLimit = evaluateTokenLimit({ ...FREE, requests: { ...FREE.requests, limit: 3 } }, 0, [
      ok(56),
      ok(56),
      s(429),
    ]);
    assert.equal(atLimit.kind, "fail");
    assert.match(atLimit.summary, /not fewer than the request limit 3/);
    const short = evaluateTokenLimit(FREE, 1, [ok(5), ok(5), ok(5), ok(5)]);
    assert.match(short.summary, /inconclusive: 4 requests used only 20 tokens/);
  });

  it("fails on a success without usage and on other statuses", () => {
    assert.match(evaluateTokenLimit(FREE, 1, [s(200)]).summary, /without usage\.total_tokens/);
    assert.match(
      evaluateTokenLimit(FREE, 1, [ok(56), s(503, "upstream")]).summary,
      /request 2: 503: upstream/,
    );
  });
});
