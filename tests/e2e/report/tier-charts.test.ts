import { strict as assert } from "node:assert";
import type { ChartSpec } from "./chart-spec";
import { recordedResults, recordedSubscriptionsResults } from "./fixtures/recorded";
import type { RunResults } from "./results";
import { SERIES, requestTimelineChart, tierRequests, tokenTimelineChart } from "./tier-charts";

type Point = { x: number; y: number | null };
const dataset = (spec: ChartSpec, label: string) => {
  const found = spec.config.data.datasets.find((d) => d.label === label);
  assert.ok(found, `no dataset ${label} in ${spec.config.data.datasets.map((d) => d.label).join(", ")}`);
  return found.data as Point[];
};
const tier = (results: RunResults, name: string) =>
  results.context.outputs.tiers.find((t) => t.name === name)!;

describe("e2e report: per-tier request and token timelines", () => {
  const results = recordedResults();
  const free = tier(results, "free");

  it("places every request of the tier once, 200s and 429s by the limit their verdict named", () => {
    const spec = requestTimelineChart(results, free);
    assert.equal(spec.id, "tier-free-requests");
    const points = (Object.keys(SERIES) as (keyof typeof SERIES)[]).flatMap((k) =>
      spec.config.data.datasets.some((d) => d.label === SERIES[k]) ? dataset(spec, SERIES[k]) : [],
    );
    assert.equal(points.length, tierRequests(results, "free").length);
    // The request-limit test: 5 successes, then 429s ranked 6 to 8 in the same window, blamed on the request limit.
    assert.deepEqual(
      dataset(spec, SERIES.requests).map((p) => p.y),
      [6, 7, 8],
    );
    // The token-limit test's 429 is the token limit's, third in its request window.
    assert.deepEqual(
      dataset(spec, SERIES.tokens).map((p) => p.y),
      [3],
    );
    assert.equal(dataset(spec, SERIES.other).length, 1, "free → model-b answered 403");
  });

  it("draws the request limit over each window, from its first request for a window's length", () => {
    const spec = requestTimelineChart(results, free);
    const limit = dataset(spec, "request limit: 5 per 12s window");
    const first = tierRequests(results, "free")[0]!;
    const start = (first.t - results.context.startedAt) / 1000;
    assert.deepEqual(limit.slice(0, 3), [
      { x: start, y: 5 },
      { x: start + 12, y: 5 },
      { x: start + 12, y: null },
    ]);
    assert.equal(limit.length % 3, 0);
    const x = spec.config.options?.scales?.x as { min: number; max: number };
    assert.deepEqual([x.min, x.max], [0, 31], "every tier's timeline spans the whole run");
  });

  it("sums the answers' tokens per token window, and puts a 429 at the sum it met", () => {
    const spec = tokenTimelineChart(results, free);
    const used = dataset(spec, "200: tokens used in the window so far").filter((p) => p.y !== null);
    // tier-access (6), request limits (5 × 6 in one window), token limits (2 × 55).
    assert.deepEqual(
      used.map((p) => p.y),
      [6, 6, 12, 18, 24, 30, 55, 110],
    );
    assert.deepEqual(
      dataset(spec, SERIES.tokens).map((p) => p.y),
      [110],
      "the token-limit 429 came once 110 tokens passed the limit of 100",
    );
    assert.equal(dataset(spec, "token limit: 100 per 6s window")[0]!.y, 100);
  });

  it("counts a tier's API-key requests with its token's (one subscription, one counter); not garbage keys", () => {
    const subs = recordedSubscriptionsResults();
    const free = tierRequests(subs, "free");
    assert.ok(
      free.some((r) => r.credential === "apiKey"),
      "the free key's requests are the tier's",
    );
    assert.ok(free.some((r) => r.credential === "tier"));
    assert.ok(free.every((r) => r.tier === "free"));
    assert.ok(!free.some((r) => r.credential === "invalidKey"));
  });

  it("has no chart data for a tier that sent nothing", () => {
    const none = { ...results, requests: results.requests.filter((r) => r.tier !== "free") };
    assert.deepEqual(tierRequests(none, "free"), []);
    assert.deepEqual(
      requestTimelineChart(none, free).config.data.datasets.map((d) => d.data.length),
      [0],
    );
  });
});
