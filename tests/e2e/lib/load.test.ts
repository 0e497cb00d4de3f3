import { strict as assert } from "node:assert";
import type { LoadSample } from "./load";
import { formatLoadTable, loadProblem, percentile, summarizeLoad, topErrors } from "./load";

const sample = (model: string, ms: number, ok = true, error?: string): LoadSample => ({
  model,
  ms,
  ok,
  ...(error ? { error } : {}),
});

describe("e2e: load figures (tests/e2e/lib/load.ts)", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 95), 95);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it("summarizes per model and in total, and prints an aligned table", () => {
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => sample("model-a", 10 + i)),
      ...Array.from({ length: 9 }, (_, i) => sample("model-b", 20 + i)),
      sample("model-b", 500, false, "503"),
    ];
    const rows = summarizeLoad(samples, 2);
    assert.deepEqual(
      rows.map((r) => [r.label, r.requests, r.perSecond, r.p50, r.errors, r.errorRate]),
      [
        ["model-a", 10, 5, 14, 0, 0],
        ["model-b", 10, 5, 24, 1, 10],
        ["total", 20, 10, 19, 1, 5],
      ],
    );
    assert.equal(rows[2]!.p99, 500);
    assert.equal(
      formatLoadTable(rows),
      [
        "         requests  req/s      p50       p95       p99      errors",
        "model-a        10    5.0  14.0 ms   19.0 ms   19.0 ms   0 (0.00%)",
        "model-b        10    5.0  24.0 ms  500.0 ms  500.0 ms  1 (10.00%)",
        "total          20   10.0  19.0 ms   28.0 ms  500.0 ms   1 (5.00%)",
      ].join("\n"),
    );
  });

  it("fails above the error-rate threshold, naming the commonest errors, and when nothing finished", () => {
    const samples = [
      sample("m", 1),
      sample("m", 1, false, "503"),
      sample("m", 1, false, "503"),
      sample("m", 1, false, "ECONNRESET"),
    ];
    const rows = summarizeLoad(samples, 1);
    assert.equal(topErrors(samples), "503 ×2; ECONNRESET ×1");
    assert.match(
      loadProblem(rows, 1, samples) ?? "",
      /error rate 75\.00% \(3 of 4\) is above the threshold 1%: 503 ×2/,
    );
    assert.equal(loadProblem(rows, 80, samples), undefined);
    assert.match(loadProblem(summarizeLoad([], 1), 1, []) ?? "", /no request finished/);
  });
});
