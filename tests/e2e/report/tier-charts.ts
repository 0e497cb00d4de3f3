/**
 * Per tier, two timelines of the requests sent with its token (all suites, all models: the gateway counts per
 * user): each request's place in its request window, coloured 200 vs 429 (by the limit the verdict blamed),
 * under the request limit drawn over each window; and the tokens used in each token window against the token
 * limit. Windows are fixed, opened by the first request after the previous one closed (how the counters
 * count), so on a real gateway a window left open by an earlier run is not drawn. Pure.
 */
import type { ChartConfiguration, ScatterDataPoint } from "chart.js";
import type { ChartSpec } from "./chart-spec";
import { COLOURS, chartId, secondsSince } from "./chart-spec";
import type { LimitSummary, OutputsSummary, RequestRecord, RunResults } from "./results";
import type { WindowSpan } from "./windows";
import { fixedWindows } from "./windows";

type Tier = OutputsSummary["tiers"][number];
type Point = { x: number; y: number | null };

/** The tier's requests, in the order they were sent. */
export function tierRequests(results: RunResults, tier: string): RequestRecord[] {
  return results.requests.filter(
    (r) => (r.credential === "tier" || r.credential === "apiKey") && r.tier === tier,
  );
}

/** Which series a response belongs to. */
export function seriesOf(r: RequestRecord): keyof typeof SERIES {
  if (r.status !== undefined && r.status >= 200 && r.status < 300) return "ok";
  if (r.status === 429) return r.limit ?? "unattributed";
  return "other";
}

/** The series, in legend order. */
export const SERIES = {
  ok: "200",
  requests: "429, the request limit's",
  tokens: "429, the token limit's",
  "earlier-counter": "429, a counter left from earlier requests",
  unattributed: "429, not attributed by a verdict",
  other: "other status (403, 401, ...) or no answer",
} as const;

/** The limit over each window: a line at `limit` from its start to its end, filled down to zero. */
function limitDataset(spans: readonly WindowSpan[], l: LimitSummary, origin: number, label: string) {
  return {
    label: `${label}: ${l.limit} per ${l.window} window`,
    data: spans.flatMap((s): Point[] => [
      { x: secondsSince(origin, s.start), y: l.limit },
      { x: secondsSince(origin, s.end), y: l.limit },
      { x: secondsSince(origin, s.end), y: null },
    ]),
    showLine: true,
    spanGaps: false,
    fill: "origin",
    borderColor: COLOURS.limit,
    backgroundColor: COLOURS.limitFill,
    borderDash: [6, 4],
    borderWidth: 1.5,
    pointRadius: 0,
    order: 2,
  };
}

/** Every tier's timelines span the whole run, so they line up. */
function options(
  results: RunResults,
  title: string,
  y: string,
  suggestedMax: number,
): ChartConfiguration<"scatter">["options"] {
  const { startedAt, finishedAt } = results.context;
  return {
    plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
    scales: {
      x: {
        type: "linear",
        min: 0,
        max: Math.ceil(secondsSince(startedAt, finishedAt)),
        title: { display: true, text: "seconds since the run started" },
      },
      y: { beginAtZero: true, suggestedMax, title: { display: true, text: y } },
    },
  };
}

const points = (color: string, label: string, data: ScatterDataPoint[]) => ({
  label,
  data,
  backgroundColor: color,
  borderColor: color,
  pointRadius: 3.5,
  order: 0,
});

/**
 * Requests over time: y is each request's rank in its request window; the limit drawn over each window. Only for
 * a tier with a request limit.
 */
export function requestTimelineChart(results: RunResults, tier: Tier): ChartSpec {
  const origin = results.context.startedAt;
  const l = tier.limits.requests;
  if (l === undefined) throw new Error(`tier ${tier.name} has no request limit to draw`);
  const { windowed, spans } = fixedWindows(
    tierRequests(results, tier.name),
    (r) => r.t,
    l.windowSeconds * 1000,
  );
  const series = (Object.keys(SERIES) as (keyof typeof SERIES)[]).flatMap((key) => {
    const data = windowed
      .filter((w) => seriesOf(w.item) === key)
      .map((w) => ({ x: secondsSince(origin, w.item.t), y: w.nth }));
    return data.length > 0 ? [points(COLOURS[key], SERIES[key], data)] : [];
  });
  return {
    id: chartId("tier", tier.name, "requests"),
    config: {
      type: "scatter",
      data: { datasets: [...series, limitDataset(spans, l, origin, "request limit")] },
      options: options(
        results,
        `tier ${tier.name}: requests (rank in their ${l.window} request window)`,
        "request # in its window",
        Math.ceil(l.limit * 1.15) + 1,
      ),
    },
  };
}

/** Tokens over time: the running sum of `usage.total_tokens` in each token window, the limit over each window. */
export function tokenTimelineChart(results: RunResults, tier: Tier): ChartSpec {
  const origin = results.context.startedAt;
  const l = tier.limits.tokens;
  const { windowed, spans } = fixedWindows(
    tierRequests(results, tier.name),
    (r) => r.t,
    l.windowSeconds * 1000,
  );
  const used: Point[] = [];
  const refused: Record<string, ScatterDataPoint[]> = {};
  let sum = 0;
  windowed.forEach((w, i) => {
    if (i > 0 && w.window !== windowed[i - 1]!.window) {
      used.push({ x: secondsSince(origin, spans[w.window - 1]!.end), y: null });
      sum = 0;
    }
    const key = seriesOf(w.item);
    if (key === "ok") {
      sum += w.item.tokens ?? 0;
      used.push({ x: secondsSince(origin, w.item.t), y: sum });
    } else (refused[key] ??= []).push({ x: secondsSince(origin, w.item.t), y: sum });
  });
  const refusals = (Object.keys(SERIES) as (keyof typeof SERIES)[]).flatMap((key) =>
    refused[key] ? [points(COLOURS[key], SERIES[key], refused[key])] : [],
  );
  const peak = Math.max(l.limit, ...used.map((p) => p.y ?? 0));
  return {
    id: chartId("tier", tier.name, "tokens"),
    config: {
      type: "scatter",
      data: {
        datasets: [
          {
            ...points(COLOURS.ok, "200: tokens used in the window so far", used),
            showLine: true,
            spanGaps: false,
            stepped: "before",
            borderWidth: 2,
            order: 1,
          },
          ...refusals,
          limitDataset(spans, l, origin, "token limit"),
        ],
      },
      options: options(
        results,
        `tier ${tier.name}: cumulative tokens in each ${l.window} token window`,
        "tokens used in the window",
        Math.ceil(peak * 1.1),
      ),
    },
  };
}
