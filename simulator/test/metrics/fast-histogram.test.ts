import assert from "node:assert/strict";
import { Histogram, Registry } from "prom-client";
import { FastHistogram } from "../../src/metrics/fast-histogram";

const BOUNDS = [0.01, 0.1, 1, 10];
const LABELS = { model_name: "m" };

/** Exposition text with each line's labels sorted: the order of labels carries no meaning. */
function normalized(text: string): string {
  return text.replace(/\{([^}]*)\}/g, (_, labels: string) => `{${labels.split(",").sort().join(",")}}`);
}

describe("fast histogram (src/metrics/fast-histogram.ts)", () => {
  it("renders as a prom-client histogram fed the same observations", async () => {
    const fastRegistry = new Registry();
    const fast = new FastHistogram("latency_seconds", "Latency.", BOUNDS, LABELS, fastRegistry);
    const refRegistry = new Registry();
    const ref = new Histogram({
      name: "latency_seconds",
      help: "Latency.",
      buckets: BOUNDS,
      labelNames: ["model_name"],
      registers: [refRegistry],
    });
    // On a bound, between bounds, below the first and above the last; binary fractions, so the sums agree
    // exactly whichever order they are added in.
    for (const v of [0.0078125, 0.0625, 0.5, 1, 4, 10, 64]) {
      fast.observe(v);
      ref.observe(LABELS, v);
    }
    fast.observeMany(0.25, 3);
    for (let i = 0; i < 3; i++) ref.observe(LABELS, 0.25);
    const rendered = await fastRegistry.metrics();
    assert.match(rendered, /^latency_seconds_bucket\{.*le="\+Inf".*\} 10$/m);
    assert.equal(normalized(rendered), normalized(await refRegistry.metrics()));
  });

  it("counts cumulatively, with +Inf holding every observation", async () => {
    const h = new FastHistogram("h", "H.", BOUNDS, LABELS, new Registry());
    h.observe(0.5);
    h.observeMany(5, 2);
    h.observe(100);
    h.observeMany(1, 0);
    const { values } = await h.get();
    const buckets = values.filter((v) => v.metricName === "h_bucket").map((v) => [v.labels.le, v.value]);
    assert.deepEqual(buckets, [
      [0.01, 0],
      [0.1, 0],
      [1, 1],
      [10, 3],
      ["+Inf", 4],
    ]);
    assert.equal(values.find((v) => v.metricName === "h_sum")?.value, 110.5);
    assert.equal(values.find((v) => v.metricName === "h_count")?.value, 4);
  });

  it("resets to zero", async () => {
    const h = new FastHistogram("h", "H.", BOUNDS, LABELS, new Registry());
    h.observe(0.5);
    h.reset();
    const { values } = await h.get();
    assert.ok(values.every((v) => v.value === 0));
  });
});
