/**
 * A chart of the HTML report: a Chart.js configuration (plain JSON, no functions, so it embeds in the page as
 * data) with the id of the canvas it is drawn on, and the colours the charts share.
 */
import type { ChartConfiguration } from "chart.js";

/** One chart of the report. */
export interface ChartSpec {
  /** Id of its canvas in the page. */
  readonly id: string;
  readonly config: ChartConfiguration<"scatter"> | ChartConfiguration<"bar">;
}

/** Colours by outcome, the same in the charts and the access matrix. */
export const COLOURS = {
  ok: "#2e7d32",
  requests: "#c62828",
  tokens: "#ef6c00",
  "earlier-counter": "#6a1b9a",
  unattributed: "#ad1457",
  other: "#616161",
  limit: "#1565c0",
  limitFill: "rgba(21, 101, 192, 0.08)",
} as const;

/** Seconds since `origin` (ms since the epoch), to the millisecond. */
export const secondsSince = (origin: number, t: number) => Math.round(t - origin) / 1000;

/** A canvas id from free text: `tier-free-requests`. */
export const chartId = (...parts: string[]) =>
  parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
