/** Small statistics helpers for the benchmarks. */

/** The p-th percentile (0–100) of the values, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** A number with fixed decimals, right-aligned to `width`. */
export const fmt = (value: number, decimals = 1, width = 8) => value.toFixed(decimals).padStart(width);
