/**
 * The load suite's figures: latency percentiles, requests per second and error rates per model and in total,
 * as a text table, and the error-rate verdict. Pure.
 */

/** One finished request of the load run. */
export interface LoadSample {
  readonly model: string;
  /** Time from sending to the last byte, in ms. */
  readonly ms: number;
  /** True for a 2xx whose body was a completion. */
  readonly ok: boolean;
  /** Status or error text of a failure, for the summary. */
  readonly error?: string;
}

/** The figures of one row. */
export interface LoadRow {
  readonly label: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
  /** Errors / requests, in percent (0 when there were no requests). */
  readonly errorRate: number;
}

/** Nearest-rank percentile of ascending `sorted` (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function row(label: string, samples: readonly LoadSample[], seconds: number): LoadRow {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok).length;
  return {
    label,
    requests: samples.length,
    perSecond: seconds > 0 ? samples.length / seconds : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors,
    errorRate: samples.length > 0 ? (100 * errors) / samples.length : 0,
  };
}

/** One row per model (in first-seen order) and a `total` row, over a run of `seconds`. */
export function summarizeLoad(samples: readonly LoadSample[], seconds: number): LoadRow[] {
  const models = [...new Set(samples.map((s) => s.model))];
  return [
    ...models.map((m) =>
      row(
        m,
        samples.filter((s) => s.model === m),
        seconds,
      ),
    ),
    row("total", samples, seconds),
  ];
}

const ms = (v: number) => (Number.isNaN(v) ? "-" : `${v.toFixed(1)} ms`);

/** The rows as an aligned text table. */
export function formatLoadTable(rows: readonly LoadRow[]): string {
  const header = ["", "requests", "req/s", "p50", "p95", "p99", "errors"];
  const body = rows.map((r) => [
    r.label,
    String(r.requests),
    r.perSecond.toFixed(1),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    `${r.errors} (${r.errorRate.toFixed(2)}%)`,
  ]);
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "))
    .join("\n");
}

/** The most frequent failure texts with their counts, e.g. `503 ×12; ECONNRESET ×1`. */
export function topErrors(samples: readonly LoadSample[], max = 3): string {
  const counts = new Map<string, number>();
  for (const s of samples)
    if (!s.ok) counts.set(s.error ?? "error", (counts.get(s.error ?? "error") ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([e, n]) => `${e} ×${n}`)
    .join("; ");
}

/** Why the run fails, or undefined: no request finished, or the total error rate is above `maxErrorRate` percent. */
export function loadProblem(
  rows: readonly LoadRow[],
  maxErrorRate: number,
  samples: readonly LoadSample[],
): string | undefined {
  const total = rows[rows.length - 1];
  if (!total || total.requests === 0) return "no request finished during the load run";
  if (total.errorRate > maxErrorRate) {
    return (
      `error rate ${total.errorRate.toFixed(2)}% (${total.errors} of ${total.requests}) is above the ` +
      `threshold ${maxErrorRate}%: ${topErrors(samples)}`
    );
  }
  return undefined;
}
