/**
 * The load suite in the report: per model a latency histogram (shared buckets of a round width), the
 * percentile table the suite prints (its own `summarizeLoad`), and the percentiles as bars. Pure.
 */
import type { LoadRow, LoadSample } from "../lib/load";
import { summarizeLoad } from "../lib/load";
import type { ChartSpec } from "./chart-spec";
import { COLOURS } from "./chart-spec";
import type { RequestRecord, RunResults } from "./results";

/** Distinct colours for up to eight models, then repeated. */
const MODEL_COLOURS = [
  "#1565c0",
  "#ef6c00",
  "#2e7d32",
  "#6a1b9a",
  "#00838f",
  "#ad1457",
  "#5d4037",
  "#9e9d24",
];

/** Histogram buckets aimed at: enough to show a shape, few enough to read. */
const TARGET_BUCKETS = 24;

/** The load suite's requests. */
export function loadRequests(results: RunResults): RequestRecord[] {
  return results.requests.filter((r) => r.suite === "load");
}

/** The load requests as the suite's samples: ok for a 2xx, else the status or error code. */
export function loadSamples(requests: readonly RequestRecord[]): LoadSample[] {
  return requests.map((r) => {
    const ok = r.status !== undefined && r.status >= 200 && r.status < 300;
    return {
      model: r.model ?? "(unknown model)",
      ms: r.ms,
      ok,
      ...(ok ? {} : { error: r.error ?? String(r.status) }),
    };
  });
}

/** The suite's table rows: per model and in total, over the span from the first send to the last answer. */
export function loadRows(requests: readonly RequestRecord[]): LoadRow[] {
  if (requests.length === 0) return [];
  const start = Math.min(...requests.map((r) => r.t));
  const end = Math.max(...requests.map((r) => r.t + r.ms));
  return summarizeLoad(loadSamples(requests), (end - start) / 1000);
}

/** A round bucket width (1, 2 or 5 × 10^k ms) giving about `TARGET_BUCKETS` buckets up to `maxMs`. */
export function bucketWidth(maxMs: number): number {
  const raw = Math.max(maxMs, 1) / TARGET_BUCKETS;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((w) => w >= raw)!;
}

/** Latency histogram: one bar series per model over shared buckets; the last bucket holds everything above. */
export function latencyHistogramChart(requests: readonly RequestRecord[]): ChartSpec {
  const sorted = requests.map((r) => r.ms).sort((a, b) => a - b);
  // Buckets up to the 99.5th percentile, so one straggler does not squeeze the rest into a few bars.
  const top = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.995))] ?? 1;
  const width = bucketWidth(top);
  const count = Math.max(1, Math.ceil(top / width));
  const labels = Array.from({ length: count }, (_, i) =>
    i === count - 1 ? `≥ ${i * width}` : `${i * width}–${(i + 1) * width}`,
  );
  const models = [...new Set(requests.map((r) => r.model ?? "(unknown model)"))];
  const datasets = models.map((model, i) => {
    const counts = new Array<number>(count).fill(0);
    for (const r of requests) {
      if ((r.model ?? "(unknown model)") === model) counts[Math.min(count - 1, Math.floor(r.ms / width))]!++;
    }
    const colour = MODEL_COLOURS[i % MODEL_COLOURS.length]!;
    return { label: model, data: counts, backgroundColor: colour, borderColor: colour };
  });
  return {
    id: "load-latency-histogram",
    config: {
      type: "bar",
      data: { labels, datasets },
      options: {
        plugins: {
          title: { display: true, text: `load: latency histogram (${width} ms buckets)` },
          legend: { position: "bottom" },
        },
        scales: {
          x: { title: { display: true, text: "latency (ms)" } },
          y: { beginAtZero: true, title: { display: true, text: "requests" } },
        },
      },
    },
  };
}

/** p50, p95 and p99 per model (and in total) as grouped bars. */
export function percentileChart(rows: readonly LoadRow[]): ChartSpec {
  const round = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 10) / 10);
  const series = [
    ["p50", "p50" as const, COLOURS.ok],
    ["p95", "p95" as const, COLOURS.tokens],
    ["p99", "p99" as const, COLOURS.requests],
  ] as const;
  return {
    id: "load-percentiles",
    config: {
      type: "bar",
      data: {
        labels: rows.map((r) => r.label),
        datasets: series.map(([label, key, colour]) => ({
          label,
          data: rows.map((r) => round(r[key])),
          backgroundColor: colour,
        })),
      },
      options: {
        plugins: {
          title: { display: true, text: "load: latency percentiles per model" },
          legend: { position: "bottom" },
        },
        scales: { y: { beginAtZero: true, title: { display: true, text: "latency (ms)" } } },
      },
    },
  };
}
