import { strict as assert } from "node:assert";
import { summarizeLoad } from "../lib/load";
import { recordedResults } from "./fixtures/recorded";
import {
  bucketWidth,
  latencyHistogramChart,
  loadRequests,
  loadRows,
  loadSamples,
  percentileChart,
} from "./load-charts";

describe("e2e report: load charts", () => {
  const results = recordedResults();
  const requests = loadRequests(results);

  it("takes the load suite's requests only", () => {
    assert.equal(requests.length, 93);
    assert.ok(requests.every((r) => r.suite === "load" && r.model !== undefined));
  });

  it("picks a round bucket width for about two dozen buckets", () => {
    assert.equal(bucketWidth(240), 10);
    assert.equal(bucketWidth(480), 20);
    assert.equal(bucketWidth(1000), 50);
    assert.equal(bucketWidth(9), 0.5);
    assert.equal(bucketWidth(0), 0.05);
  });

  it("counts every load request once in the histogram, per model", () => {
    const spec = latencyHistogramChart(requests);
    const byModel = Object.fromEntries(
      spec.config.data.datasets.map((d) => [d.label, (d.data as number[]).reduce((a, b) => a + b, 0)]),
    );
    for (const model of ["model-a", "model-b"]) {
      assert.equal(byModel[model], requests.filter((r) => r.model === model).length);
    }
    const labels = spec.config.data.labels as string[];
    assert.match(labels[0]!, /^0–\d+$/);
    assert.match(labels.at(-1)!, /^≥ \d+$/);
  });

  it("shows the percentiles the suite computes, per model and in total", () => {
    const rows = loadRows(requests);
    const span =
      (Math.max(...requests.map((r) => r.t + r.ms)) - Math.min(...requests.map((r) => r.t))) / 1000;
    assert.deepEqual(rows, summarizeLoad(loadSamples(requests), span));
    assert.deepEqual(
      rows.map((r) => r.label),
      ["model-a", "model-b", "total"],
    );
    const spec = percentileChart(rows);
    const p99 = spec.config.data.datasets.find((d) => d.label === "p99")!.data as number[];
    assert.equal(p99[2], Math.round(rows[2]!.p99 * 10) / 10);
    assert.deepEqual(loadRows([]), []);
  });

  it("counts a non-2xx answer or a request without answer as an error", () => {
    const [first, second] = requests;
    const samples = loadSamples([
      { ...first!, status: 503 },
      { ...second!, status: undefined, error: "TIMEOUT" },
    ]);
    assert.deepEqual(
      samples.map((s) => [s.ok, s.error]),
      [
        [false, "503"],
        [false, "TIMEOUT"],
      ],
    );
  });
});
