import { strict as assert } from "node:assert";
import { recordedResults, recordedSubscriptionsResults } from "./fixtures/recorded";
import type { InlineLibrary } from "./html";
import { escapeHtml, reportHtml } from "./html";
import type { RunResults } from "./results";
import { chartJs } from "./write-report";

const FAKE: InlineLibrary = {
  name: "FakeChart",
  version: "1.0.0",
  license: "MIT",
  source: "window.Chart = class {};",
};

/** The chart specs embedded in a page. */
function embeddedCharts(html: string): { id: string; config: { type: string } }[] {
  const json = /<script type="application\/json" id="report-charts">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, "the page embeds its charts");
  return JSON.parse(json) as { id: string; config: { type: string } }[];
}

describe("e2e report: report.html", () => {
  const results = recordedResults();
  const html = reportHtml(results, FAKE);

  it("opens with a summary header: target, outcome and counts", () => {
    assert.match(html, /<h1>maas-kind environment tests: passed on the local target \(maas-kind\)<\/h1>/);
    assert.match(html, /<div class="card passed"><b>21<\/b>passed<\/div>/);
    assert.match(html, /<div class="card failed"><b>0<\/b>failed<\/div>/);
    assert.match(html, /<div class="card skipped"><b>2<\/b>skipped<\/div>/);
    assert.match(html, /EMULATES the MaaS policy/);
    const failed: RunResults = {
      ...results,
      tests: [...results.tests, { ...results.tests[0]!, state: "failed", message: "boom" }],
    };
    assert.match(
      reportHtml(failed, FAKE),
      /<h1>maas-kind environment tests: FAILED on the local target \(maas-kind\)<\/h1>/,
    );
  });

  it("has a canvas for every chart it embeds: two per tier that sent requests, two for the load suite", () => {
    const charts = embeddedCharts(html);
    assert.deepEqual(
      charts.map((c) => `${c.id}:${c.config.type}`),
      [
        "tier-free-requests:scatter",
        "tier-free-tokens:scatter",
        "tier-premium-requests:scatter",
        "tier-premium-tokens:scatter",
        "tier-enterprise-requests:scatter",
        "tier-enterprise-tokens:scatter",
        "load-latency-histogram:bar",
        "load-percentiles:bar",
      ],
    );
    for (const c of charts) assert.ok(html.includes(`<canvas id="${c.id}"></canvas>`), c.id);
    assert.equal((html.match(/<canvas /g) ?? []).length, charts.length);
  });

  it("colours the access matrix cells by outcome", () => {
    assert.match(
      html,
      /<tr><th>tier free<\/th><td class="allowed" title="expected 200">200<\/td><td class="refused" title="expected 403">403<\/td><\/tr>/,
    );
  });

  it("needs no network: the library is inlined, nothing is loaded from elsewhere, and the policy forbids it", () => {
    assert.ok(html.includes("<script>window.Chart = class {};</script>"));
    assert.doesNotMatch(html, /\ssrc=|<link|@import|url\(/i);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'/,
    );
  });

  it("inlines the installed Chart.js UMD build and names it", () => {
    const library = chartJs();
    assert.match(library.source, /^\/\*!\n \* Chart\.js v4\./);
    const page = reportHtml(results, library);
    assert.ok(page.includes(library.source));
    assert.match(
      page,
      new RegExp(`Charts drawn by Chart\\.js ${library.version.replace(/\./g, "\\.")} \\(MIT\\)`),
    );
  });

  it("escapes text from the run, and refuses a library that would end its script element", () => {
    assert.equal(escapeHtml(`<b a="1">'&'</b>`), "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
    const hostile: RunResults = {
      ...results,
      tests: [{ ...results.tests[0]!, title: "</script><script>alert(1)</script>" }],
    };
    const page = reportHtml(hostile, FAKE);
    assert.ok(!page.includes("<script>alert(1)"));
    assert.throws(() => reportHtml(results, { ...FAKE, source: "x = '</script>';" }), /contains "<\/script"/);
  });

  describe("a maas-subscriptions run (token limits only, API keys)", () => {
    const subs = recordedSubscriptionsResults();
    const page = reportHtml(subs, FAKE);

    it("names the profile in the title line and the meta line", () => {
      assert.match(
        page,
        /<h1>maas-kind environment tests: passed on the local target \(maas-subscriptions\)<\/h1>/,
      );
      assert.match(page, /<div class="meta">platform maas-subscriptions · stack dev/);
    });

    it("draws only the token chart of a tier without a request limit, its API-key requests included", () => {
      assert.deepEqual(
        embeddedCharts(page).map((c) => c.id),
        [
          "tier-free-tokens",
          "tier-premium-tokens",
          "tier-enterprise-tokens",
          "load-latency-histogram",
          "load-percentiles",
        ],
      );
      assert.match(page, /<h3>tier free: no request limit, 100 tokens per 6s; models model-a<\/h3>/);
    });

    it("shows the API-key rows in the access matrix", () => {
      assert.match(
        page,
        /<tr><th>tier free \(API key\)<\/th><td class="allowed" title="expected 200">200<\/td><td class="refused" title="expected 403">403<\/td><\/tr>/,
      );
      assert.match(page, /<tr><th>a garbage API key<\/th><td class="refused" title="expected 401">401<\/td>/);
    });
  });
});
