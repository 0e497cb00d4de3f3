import { strict as assert } from "node:assert";
import { evaluateRequestLimit, planRequestLimit } from "./request-limit";
import { ENTERPRISE, FREE, PREMIUM, ok, s, times } from "./decision-test-data";

describe("e2e: request rate limit decisions (tests/e2e/lib/request-limit.ts)", () => {
  it("has nothing to test for a tier without a request limit (maas-subscriptions), and says why", () => {
    const plan = planRequestLimit({ tokens: FREE.tokens });
    assert.equal(plan.kind, "infeasible");
    assert.match(plan.kind === "infeasible" ? plan.reason : "", /no request-count limit/);
    assert.equal(evaluateRequestLimit({ tokens: FREE.tokens }, times(3, ok(2))).kind, "fail");
  });

  it("plans limit + 3 one-token requests when the limit's successes stay under the token limit", () => {
    assert.deepEqual(planRequestLimit(FREE), { kind: "run", requests: 8, maxTokens: 1 });
    assert.deepEqual(planRequestLimit(ENTERPRISE), { kind: "run", requests: 53, maxTokens: 1 });
    const tight = { ...FREE, tokens: { ...FREE.tokens, limit: 50 } };
    const plan = planRequestLimit(tight);
    assert.equal(plan.kind, "infeasible");
    assert.match(plan.kind === "infeasible" ? plan.reason : "", /could reach the token limit \(50\) first/);
  });

  it("passes exactly limit successes then 429s, and says why the 429s are the request limit's", () => {
    const v = evaluateRequestLimit(FREE, [...times(5, ok(2)), ...times(3, s(429))]);
    assert.equal(v.kind, "pass");
    assert.match(
      v.summary,
      /exactly 5 successes then 3 × 429 \(200×5, 429×3\); 10 tokens used, under the token limit 100/,
    );
    assert.equal(evaluateRequestLimit(PREMIUM, [...times(20, ok(2)), ...times(3, s(429))]).kind, "pass");
  });

  it("reads early 429s as a counter still active from earlier requests (retry after a window)", () => {
    const v = evaluateRequestLimit(FREE, [...times(2, ok(2)), ...times(6, s(429))]);
    assert.equal(v.kind, "counter-active");
    assert.match(v.summary, /429 after 2 successes, expected 5/);
    assert.equal(evaluateRequestLimit(FREE, times(8, s(429))).kind, "counter-active");
  });

  it("fails when the limit is not enforced, too late, or a success follows a 429", () => {
    const none = evaluateRequestLimit(FREE, times(8, ok(2)));
    assert.equal(none.kind, "fail");
    assert.match(
      none.summary,
      /8 requests all succeeded \(200×8\): the request limit 5 per 2m is not enforced/,
    );
    const late = evaluateRequestLimit(FREE, [...times(6, ok(2)), ...times(2, s(429))]);
    assert.match(late.summary, /6 successes before the first 429, more than the limit 5/);
    const reset = evaluateRequestLimit(FREE, [...times(5, ok(2)), s(429), ok(2), s(429)]);
    assert.equal(reset.kind, "fail");
    assert.match(reset.summary, /request 7 succeeded after the 429 of request 6/);
  });

  it("fails on any status other than 200 and 429, naming the request", () => {
    const v = evaluateRequestLimit(FREE, [...times(4, ok(2)), s(401, "unauthorized"), ...times(3, s(429))]);
    assert.equal(v.kind, "fail");
    assert.match(v.summary, /request 5: 401: unauthorized/);
  });

  it("is inconclusive when the successes reached the token limit (the 429 may be the token limit's)", () => {
    const v = evaluateRequestLimit(FREE, [...times(5, ok(20)), ...times(3, s(429))]);
    assert.equal(v.kind, "fail");
    assert.match(v.summary, /inconclusive: the 5 successes used 100 tokens, reaching the token limit 100/);
  });
});
