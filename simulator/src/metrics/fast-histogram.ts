import { type MetricFamily, formatValue, labelText, sortedPairs, type LabelPairs } from "./exposition";

/**
 * A Prometheus histogram with one fixed label set. Inter-token latencies are observed once per streamed
 * token (100,000 a second at 1,000 streams), so observing only finds the bucket and counts. It renders
 * as the Go client does: `_bucket` lines with `le` after the sorted labels, then `_sum` and `_count`.
 */
export class FastHistogram implements MetricFamily {
  readonly type = "histogram" as const;
  private readonly counts: Float64Array;
  private readonly pairs: LabelPairs;
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    labels: Readonly<Record<string, string>>,
  ) {
    this.counts = new Float64Array(bounds.length);
    this.pairs = sortedPairs(labels);
  }

  observe(value: number): void {
    this.observeMany(value, 1);
  }

  /** Observes the same value `times` times. */
  observeMany(value: number, times: number): void {
    if (times <= 0) return;
    this.sum += value * times;
    this.count += times;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        this.counts[i] += times;
        return;
      }
    }
  }

  renderSamples(lines: string[]): void {
    this.renderAs(this.name, lines);
  }

  /** The same observations under another metric name (vLLM renamed some histograms, keeping both). */
  alias(name: string, help: string): MetricFamily {
    return { name, help, type: "histogram", renderSamples: (lines) => this.renderAs(name, lines) };
  }

  private renderAs(name: string, lines: string[]): void {
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i];
      const labels = labelText([...this.pairs, ["le", formatValue(this.bounds[i])]]);
      lines.push(`${name}_bucket${labels} ${formatValue(cumulative)}`);
    }
    lines.push(`${name}_bucket${labelText([...this.pairs, ["le", "+Inf"]])} ${formatValue(this.count)}`);
    const plain = labelText(this.pairs);
    lines.push(
      `${name}_sum${plain} ${formatValue(this.sum)}`,
      `${name}_count${plain} ${formatValue(this.count)}`,
    );
  }
}
