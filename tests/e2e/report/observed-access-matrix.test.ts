import { strict as assert } from "node:assert";
import { observedAccessMatrix } from "./observed-access-matrix";
import { recordedResults, recordedSubscriptionsResults } from "./fixtures/recorded";

describe("e2e report: the tier × model access matrix", () => {
  it("shows what each credential got for each model against allowedModels", () => {
    const rows = observedAccessMatrix(recordedResults());
    assert.deepEqual(
      rows.map((r) => [r.label, ...r.cells.map((c) => `${c.statuses.join("/")} ${c.outcome}`)]),
      [
        ["tier free", "200 allowed", "403 refused"],
        ["tier premium", "200 allowed", "200 allowed"],
        ["tier enterprise", "200 allowed", "200 allowed"],
        ["no token", "401 refused", "401 refused"],
        ["a garbage token", "401 refused", "401 refused"],
      ],
    );
  });

  it("marks a status other than the expected one, and a pair never tested", () => {
    const results = recordedResults();
    const requests = results.requests
      .filter((r) => !(r.suite === "tier-access" && r.tier === "premium" && r.model === "model-b"))
      .map((r) =>
        r.suite === "tier-access" && r.tier === "free" && r.model === "model-b" ? { ...r, status: 200 } : r,
      );
    const rows = observedAccessMatrix({ ...results, requests });
    assert.deepEqual(
      { ...rows[0]!.cells[1]! },
      { model: "model-b", statuses: [200], expected: 403, outcome: "unexpected" },
    );
    assert.equal(rows[1]!.cells[1]!.outcome, "untested");
  });

  it("adds a row per tier's API key and one for a garbage key where the suite sent keys (maas-subscriptions)", () => {
    const rows = observedAccessMatrix(recordedSubscriptionsResults());
    assert.deepEqual(
      rows.map((r) => [r.label, ...r.cells.map((c) => `${c.statuses.join("/")} ${c.outcome}`)]),
      [
        ["tier free", "200 allowed", "403 refused"],
        ["tier premium", "200 allowed", "200 allowed"],
        ["tier enterprise", "200 allowed", "200 allowed"],
        ["no token", "401 refused", "401 refused"],
        ["a garbage token", "401 refused", "401 refused"],
        ["tier free (API key)", "200 allowed", "403 refused"],
        ["tier premium (API key)", "200 allowed", "200 allowed"],
        ["tier enterprise (API key)", "200 allowed", "200 allowed"],
        ["a garbage API key", "401 refused", "401 refused"],
      ],
    );
    assert.equal(observedAccessMatrix(recordedResults()).length, 5, "no key rows where no key was sent");
  });

  it("a garbage key's 403 is accepted; its 200 is not", () => {
    const results = recordedSubscriptionsResults();
    const requests = results.requests.map((r) =>
      r.suite === "tier-access" && r.credential === "invalidKey"
        ? { ...r, status: r.model === "model-a" ? 403 : 200 }
        : r,
    );
    const last = observedAccessMatrix({ ...results, requests }).at(-1)!;
    assert.deepEqual(
      last.cells.map((c) => c.outcome),
      ["refused", "unexpected"],
    );
  });
});
