/**
 * Latency values on the command line and in the config file: a bare number is milliseconds (how the
 * reference v0.5.1 reads them), a Go-style duration (`150ms`, `1.5s`, `1m30s`, `250us`) is what its later
 * lines read. Both are accepted; the result is always milliseconds.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g;

/**
 * Parses a non-negative latency into milliseconds, or returns undefined when the text is neither a
 * number nor a duration. `0` and `0s` are both zero.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Formats milliseconds the way the help text shows defaults (`0`, `150ms`, `2s`). */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0";
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
