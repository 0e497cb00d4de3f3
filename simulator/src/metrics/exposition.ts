/**
 * The Prometheus text exposition (format 0.0.4) written the way the reference's Go client library
 * (`prometheus/common/expfmt`, used by llm-d-inference-sim's `metrics.go`) writes it: families sorted by
 * name, label names sorted within a series (`le` last on histogram buckets), series sorted by label
 * values, and numbers formatted as Go's `strconv.FormatFloat(v, 'g', -1, 64)` (`1.257894567e+09`).
 */

/** A metric name and its series; each family renders itself. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  /** Appends this family's sample lines (without HELP/TYPE). */
  renderSamples(lines: string[]): void;
}

/** A number as Go's expfmt writes it: shortest round-trip digits, exponent form from 1e+06 / below 1e-04. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (value === 0) return "0";
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    const digits = String(Math.abs(exponent)).padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Label pairs, already in the order they are written. */
export type LabelPairs = readonly (readonly [string, string])[];

/** `{a="1",b="2"}` (empty for no labels). */
export function labelText(pairs: LabelPairs): string {
  if (pairs.length === 0) return "";
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

/** Label pairs sorted by name, as the Go client keeps them. */
export function sortedPairs(labels: Readonly<Record<string, string>>): LabelPairs {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The whole exposition of `families`. */
export function renderExposition(families: Iterable<MetricFamily>): string {
  const sorted = [...families].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  for (const family of sorted) {
    const samples: string[] = [];
    family.renderSamples(samples);
    // The Go client leaves out a family without series.
    if (samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of samples) lines.push(sample);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The content type of the text exposition. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
