import assert from "node:assert/strict";
import { FastHistogram } from "../../src/metrics/fast-histogram";

const BOUNDS = [0.01, 0.1, 1, 10];
const LABELS = { model_name: "m" };

function rendered(h: { renderSamples(lines: string[]): void }): string[] {
  const lines: string[] = [];
  h.renderSamples(lines);
  return lines;
}

describe("fast histogram (src/metrics/fast-histogram.ts)", () => {
  it("renders cumulative buckets, +Inf, _sum and _count as the Go client does (le after the sorted labels)", () => {
    const h = new FastHistogram("latency_seconds", "Latency.", BOUNDS, LABELS);
    // On a bound, between bounds, below the first and above the last; binary fractions, so the sum is exact.
    for (const v of [0.0078125, 0.0625, 0.5, 1, 4, 10, 64]) h.observe(v);
    h.observeMany(0.25, 3);
    h.observeMany(1, 0);
    assert.deepEqual(rendered(h), [
      'latency_seconds_bucket{model_name="m",le="0.01"} 1',
      'latency_seconds_bucket{model_name="m",le="0.1"} 2',
      'latency_seconds_bucket{model_name="m",le="1"} 7',
      'latency_seconds_bucket{model_name="m",le="10"} 9',
      'latency_seconds_bucket{model_name="m",le="+Inf"} 10',
      'latency_seconds_sum{model_name="m"} 80.3203125',
      'latency_seconds_count{model_name="m"} 10',
    ]);
  });

  it("renders the same observations under an alias name", () => {
    const h = new FastHistogram("h", "H.", BOUNDS, LABELS);
    h.observe(0.5);
    const alias = h.alias("h_alias", "H alias.");
    const lines: string[] = [];
    alias.renderSamples(lines);
    assert.deepEqual(
      lines,
      rendered(h).map((line) => line.replace(/^h_/, "h_alias_")),
    );
  });
});
