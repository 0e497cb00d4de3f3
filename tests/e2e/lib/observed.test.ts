import { strict as assert } from "node:assert";
import { classify, describeObserved, statusRuns } from "./observed";

describe("e2e: observed responses (tests/e2e/lib/observed.ts)", () => {
  it("classifies statuses", () => {
    assert.deepEqual([200, 201, 400, 401, 403, 404, 429, 500, 503].map(classify), [
      "ok",
      "ok",
      "client-error",
      "unauthenticated",
      "forbidden",
      "not-found",
      "rate-limited",
      "server-error",
      "server-error",
    ]);
  });

  it("describes responses and runs of statuses compactly", () => {
    assert.equal(describeObserved({ status: 200, totalTokens: 42 }), "200 (42 tokens)");
    assert.equal(
      describeObserved({ status: 503, body: "upstream\n connect error" }),
      "503: upstream connect error",
    );
    assert.equal(statusRuns([200, 200, 429, 200].map((status) => ({ status }))), "200×2, 429, 200");
    assert.equal(statusRuns([]), "(none)");
  });
});
