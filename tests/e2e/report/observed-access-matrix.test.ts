import { strict as assert } from "node:assert";
import { observedAccessMatrix } from "./observed-access-matrix";
import { recordedResults } from "./fixtures/recorded";

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
});
