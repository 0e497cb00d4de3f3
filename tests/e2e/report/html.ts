/**
 * `report.html`: the run as one self-contained page (no request leaves it: the charting library and the data
 * are inlined, and its Content-Security-Policy forbids any fetch): a summary header, the tier × model access
 * matrix, per tier the request and token timelines against their limits, the load suite's latency histogram
 * and percentiles, every test, and the run's context. Charts are Chart.js configurations built here and drawn
 * by the inlined Chart.js UMD build. Pure over the results and the library's source.
 */
import { observedAccessMatrix } from "./observed-access-matrix";
import type { ChartSpec } from "./chart-spec";
import { COLOURS } from "./chart-spec";
import { latencyHistogramChart, loadRequests, loadRows, percentileChart } from "./load-charts";
import type { RunResults } from "./results";
import { countTests } from "./results";
import { requestTimelineChart, tierRequests, tokenTimelineChart } from "./tier-charts";

/** The charting library's browser build, inlined into the page. */
export interface InlineLibrary {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** Its UMD build: defines the global `Chart`. */
  readonly source: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const clock = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #212121; background: #fafafa; }
header { background: #263238; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header .meta { color: #cfd8dc; }
main { padding: 8px 28px 40px; max-width: 1400px; }
h2 { margin: 28px 0 8px; font-size: 18px; border-bottom: 1px solid #cfd8dc; padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 12px; }
.card { background: #37474f; border-radius: 6px; padding: 8px 14px; min-width: 90px; }
.card b { display: block; font-size: 22px; }
.card.passed b { color: #a5d6a7; } .card.failed b { color: #ef9a9a; } .card.skipped b { color: #ffe082; }
.warn { background: #fff3e0; border-left: 4px solid #ef6c00; padding: 8px 12px; margin: 12px 0; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #cfd8dc; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #eceff1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.matrix td { text-align: center; font-weight: 600; min-width: 90px; }
.allowed { background: #c8e6c9; color: #1b5e20; } .refused { background: #e3f2fd; color: #0d47a1; }
.unexpected { background: #ffcdd2; color: #b71c1c; } .untested { background: #f5f5f5; color: #9e9e9e; }
.state-passed { color: ${COLOURS.ok}; } .state-failed { color: ${COLOURS.requests}; font-weight: 600; } .state-skipped { color: #8d6e00; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.chart { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px; height: 320px; position: relative; }
.note { color: #546e7a; font-size: 13px; max-width: 1100px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 3px; }
pre { white-space: pre-wrap; margin: 0; font-size: 12px; }
`;

/** Draws every chart once the library is loaded; animations off, so the page is complete when it has loaded. */
const DRAW = `
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
for (const spec of JSON.parse(document.getElementById("report-charts").textContent)) {
  new Chart(document.getElementById(spec.id), spec.config);
}
`;

const canvas = (spec: ChartSpec) => `<div class="chart"><canvas id="${escapeHtml(spec.id)}"></canvas></div>`;

/** The profile the outputs named (results before profiles: maas-kind). */
export function platformOf(results: RunResults): string {
  return results.context.outputs.platform ?? "maas-kind";
}

function summary(results: RunResults): string {
  const { context } = results;
  const counts = countTests(results.tests);
  const seconds = ((context.finishedAt - context.startedAt) / 1000).toFixed(1);
  const policy = {
    gateway: "the MaaS gateway's policies",
    emulated: "the local gateway's EMULATION of the MaaS policy",
    none: "nothing (no policy)",
  }[context.policy];
  const card = (cls: string, value: string | number, label: string) =>
    `<div class="card ${cls}"><b>${escapeHtml(String(value))}</b>${escapeHtml(label)}</div>`;
  return `<header>
<h1>maas-kind environment tests: ${counts.failed > 0 ? "FAILED" : "passed"} on the ${escapeHtml(context.target)} target (${escapeHtml(platformOf(results))})</h1>
<div class="meta">platform ${escapeHtml(platformOf(results))} · stack ${escapeHtml(context.stack)} · gateway ${escapeHtml(context.outputs.gateway.baseUrl)} · tiers and limits enforced by ${escapeHtml(policy)} · started ${clock(context.startedAt)} · ${seconds} s · on ${escapeHtml(context.hostname)}</div>
<div class="cards">${[
    card("passed", counts.passed, "passed"),
    card("failed", counts.failed, "failed"),
    card("skipped", counts.skipped, "skipped"),
    card("", results.requests.length, "requests"),
    card("", `${seconds} s`, "duration"),
  ].join("")}</div>
</header>`;
}

/** What the reader must know before the figures: who enforced the policy, where the charts come from. */
function intro(results: RunResults, library: InlineLibrary): string {
  return `${
    results.context.policy === "emulated"
      ? `<div class="warn">The local target's gateway EMULATES the MaaS policy: these results exercise the suites and show how they read a gateway, but prove nothing about the real MaaS gateway.</div>`
      : ""
  }
<p class="note">Charts drawn by ${escapeHtml(library.name)} ${escapeHtml(library.version)} (${escapeHtml(library.license)}), inlined in this file: it opens without network access.</p>`;
}

function matrixSection(results: RunResults): string {
  const rows = observedAccessMatrix(results);
  const models = results.context.outputs.models.map((m) => m.name);
  const cell = (c: (typeof rows)[number]["cells"][number]) => {
    const got = c.statuses.length > 0 ? c.statuses.join(", ") : "–";
    const want = c.outcome === "unexpected" ? ` (want ${c.expected})` : "";
    return `<td class="${c.outcome}" title="expected ${c.expected}">${escapeHtml(got + want)}</td>`;
  };
  return `<h2>Tier × model access</h2>
<p class="note">Statuses the tier-access suite got through the gateway for each credential and model, against the outputs' allowedModels (200 where a tier may use the model, 403 elsewhere, 401 without a valid token). Rows "(API key)" use the tier's maas-api key, bound to its subscription; a garbage API key may get 401 or 403.</p>
<table class="matrix"><tr><th></th>${models.map((m) => `<th>${escapeHtml(m)}</th>`).join("")}</tr>
${rows.map((r) => `<tr><th>${escapeHtml(r.label)}</th>${r.cells.map(cell).join("")}</tr>`).join("\n")}
</table>
<p class="legend note"><span class="allowed">allowed, as expected</span><span class="refused">refused, as expected</span><span class="unexpected">not what allowedModels say</span><span class="untested">not tested</span></p>`;
}

function tierSection(results: RunResults, charts: ChartSpec[]): string {
  const parts = results.context.outputs.tiers.map((tier) => {
    const { requests, tokens } = tier.limits;
    const requestLimit = requests
      ? `${requests.limit} requests per ${escapeHtml(requests.window)}`
      : "no request limit";
    const head = `<h3>tier ${escapeHtml(tier.name)}: ${requestLimit}, ${tokens.limit} tokens per ${escapeHtml(tokens.window)}; models ${escapeHtml(tier.allowedModels.join(", ") || "none")}</h3>`;
    if (tierRequests(results, tier.name).length === 0) {
      return `${head}<p class="note">No request was sent with this tier's token or API key.</p>`;
    }
    const pair = [
      ...(requests ? [requestTimelineChart(results, tier)] : []),
      tokenTimelineChart(results, tier),
    ];
    charts.push(...pair);
    return `${head}<div class="grid">${pair.map(canvas).join("")}</div>`;
  });
  return `<h2>Rate limits per tier</h2>
<p class="note">Every request sent with the tier's token or API key (all suites, all models: the gateway counts per user, and a key counts against its subscription, the tier's). A tier without a request limit (platform maas-subscriptions: token limits only) shows only its token chart. Left: each request's rank in its request window, 200 in green, 429 coloured by the limit the suite's verdict attributed it to; the shaded boxes are the windows with the request limit on top. Right: the tokens the answers reported, summed per token window, against the token limit. Windows are drawn as fixed windows opened by the first request after the previous one closed, as the counters count; a window an earlier run left open is not drawn.</p>
${parts.join("\n")}`;
}

function loadSection(results: RunResults, charts: ChartSpec[]): string {
  const requests = loadRequests(results);
  if (requests.length === 0) return `<h2>Load</h2><p class="note">The load suite sent no request.</p>`;
  const rows = loadRows(requests);
  const pair = [latencyHistogramChart(requests), percentileChart(rows)];
  charts.push(...pair);
  const ms = (v: number) => (Number.isNaN(v) ? "–" : v.toFixed(1));
  const o = results.context.options;
  return `<h2>Load</h2>
<p class="note">${o.concurrency} concurrent clients for ${o.duration} s, straight to the models (not through the gateway); latency is the time to the last byte.</p>
<div class="grid">${pair.map(canvas).join("")}</div>
<h3>Percentiles</h3>
<table><tr><th></th><th>requests</th><th>req/s</th><th>p50 (ms)</th><th>p95 (ms)</th><th>p99 (ms)</th><th>errors</th></tr>
${rows
  .map(
    (r) =>
      `<tr><th>${escapeHtml(r.label)}</th><td class="num">${r.requests}</td><td class="num">${r.perSecond.toFixed(1)}</td>` +
      `<td class="num">${ms(r.p50)}</td><td class="num">${ms(r.p95)}</td><td class="num">${ms(r.p99)}</td>` +
      `<td class="num">${r.errors} (${r.errorRate.toFixed(2)}%)</td></tr>`,
  )
  .join("\n")}
</table>`;
}

function testsSection(results: RunResults): string {
  return `<h2>Tests</h2>
<table><tr><th>suite</th><th>test</th><th>result</th><th>ms</th><th>message</th></tr>
${results.tests
  .map(
    (t) =>
      `<tr><td>${escapeHtml(t.suite)}</td><td>${escapeHtml(t.title)}</td><td class="state-${t.state}">${t.state}</td>` +
      `<td class="num">${Math.round(t.ms)}</td><td><pre>${escapeHtml(t.message ?? "")}</pre></td></tr>`,
  )
  .join("\n")}
</table>`;
}

function contextSection(results: RunResults): string {
  const { context } = results;
  const rows = (entries: [string, unknown][]) =>
    entries.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`).join("\n");
  return `<h2>Run context</h2>
<div class="grid"><div><h3>Options</h3><table>${rows(Object.entries(context.options).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]))}</table></div>
<div><h3>Versions</h3><table>${rows(Object.entries(context.versions))}</table></div>
<div><h3>Models</h3><table><tr><th>model</th><th>tier</th><th>URL</th></tr>${context.outputs.models
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.name)}</td><td>${escapeHtml(m.tier)}</td><td>${escapeHtml(m.url)}</td></tr>`,
    )
    .join("")}</table></div></div>`;
}

/** The whole page. */
export function reportHtml(results: RunResults, library: InlineLibrary): string {
  if (/<\/script/i.test(library.source)) throw new Error(`${library.name}'s build contains "</script"`);
  const charts: ChartSpec[] = [];
  const body = [
    summary(results),
    "<main>",
    intro(results, library),
    matrixSection(results),
    tierSection(results, charts),
    loadSection(results, charts),
    testsSection(results),
    contextSection(results),
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>maas-kind e2e report: ${escapeHtml(results.context.target)} ${clock(results.context.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</main>
<script>${library.source}</script>
<script type="application/json" id="report-charts">${scriptJson(charts)}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
