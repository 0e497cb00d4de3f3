import { type LabelPairs, type MetricFamily, formatValue, labelText, sortedPairs } from "./exposition";

interface Series {
  readonly pairs: LabelPairs;
  readonly key: string;
  value: number;
}

/**
 * A gauge or counter family: one value per label set, kept until the process ends (as a Go
 * `GaugeVec`/`CounterVec` keeps every label set it has seen). `collect`, when given, refreshes the
 * values right before each scrape.
 */
export class SampleFamily implements MetricFamily {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
    private readonly collect?: (family: SampleFamily) => void,
  ) {}

  private entry(labels: Readonly<Record<string, string>>): Series {
    const pairs = sortedPairs(labels);
    const key = pairs.map(([, value]) => value).join("\u0000");
    let series = this.series.get(key);
    if (!series) {
      series = { pairs, key, value: 0 };
      this.series.set(key, series);
    }
    return series;
  }

  set(labels: Readonly<Record<string, string>>, value: number): void {
    this.entry(labels).value = value;
  }

  inc(labels: Readonly<Record<string, string>>, by = 1): void {
    this.entry(labels).value += by;
  }

  /** A handle on one series, for counters bumped on every request (no label lookup then). */
  handle(labels: Readonly<Record<string, string>>): { inc(by: number): void; readonly value: number } {
    const series = this.entry(labels);
    return {
      inc: (by: number) => {
        series.value += by;
      },
      get value() {
        return series.value;
      },
    };
  }

  renderSamples(lines: string[]): void {
    this.collect?.(this);
    const sorted = [...this.series.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const series of sorted)
      lines.push(`${this.name}${labelText(series.pairs)} ${formatValue(series.value)}`);
  }
}
