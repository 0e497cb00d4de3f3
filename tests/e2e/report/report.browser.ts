/**
 * `npm run test:report`: the files a real `npm run test:e2e -- --report <dir>` run wrote, checked as a person
 * and a CI system would use them. Headless Chromium (Debian's `chromium`, driven by playwright-core) opens
 * `report.html` from disk: no console error, no request leaves the file, every chart it embeds is drawn (a
 * Chart.js chart with data on a canvas with ink in the outcome colours), the header's counts match
 * `results.json`; a screenshot is kept beside the report. `junit.xml` validates against the vendored JUnit
 * schema with xmllint (Debian's `libxml2-utils`). Not part of `npm test`: it needs both installed, and a run.
 *
 * MAAS_KIND_REPORT_DIR: the report directory (default reports/e2e); CHROMIUM_PATH: the browser
 * (default /usr/bin/chromium).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { COLOURS } from "./chart-spec";
import type { RunResults } from "./results";
import { countTests } from "./results";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const REPORT_DIR = path.resolve(process.env.MAAS_KIND_REPORT_DIR || path.join(REPO_ROOT, "reports", "e2e"));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SCHEMA = path.join(__dirname, "schema", "JUnit.xsd");
/** No GPU, no background traffic, no first-run or sync machinery: a browser that only opens the file. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

const file = (name: string) => path.join(REPORT_DIR, name);

/** What the page reports of each chart it embeds, measured in the browser. */
interface DrawnChart {
  readonly id: string;
  readonly chart: boolean;
  readonly points: number;
  readonly width: number;
  readonly height: number;
  /** Pixels with any ink. */
  readonly inked: number;
  /** Pixels per outcome colour (`#rrggbb` → count). */
  readonly colours: Record<string, number>;
}

/** Runs in the page (as a string: the project's TypeScript has no DOM types). */
const MEASURE = `(colours) => {
  const specs = JSON.parse(document.getElementById("report-charts").textContent);
  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return specs.map((spec) => {
    const canvas = document.getElementById(spec.id);
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    const counts = Object.fromEntries(colours.map((c) => [c, 0]));
    const wanted = colours.map((c) => [c, rgb(c)]);
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      inked++;
      for (const [hex, [r, g, b]] of wanted) {
        if (pixels[i + 3] === 255 && pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) counts[hex]++;
      }
    }
    return {
      id: spec.id,
      chart: chart !== undefined,
      points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : 0,
      width: canvas.width,
      height: canvas.height,
      inked,
      colours: counts,
    };
  });
}`;

describe(`the e2e report in headless Chromium (${REPORT_DIR})`, function () {
  this.timeout(120_000);
  let results: RunResults;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  before(async () => {
    for (const name of ["results.json", "junit.xml", "report.html"]) {
      assert.ok(
        existsSync(file(name)),
        `${file(name)} is missing: run \`npm run test:e2e -- --target local --report ${REPORT_DIR}\` first`,
      );
    }
    assert.ok(
      existsSync(CHROMIUM),
      `no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
    results = JSON.parse(readFileSync(file("results.json"), "utf8")) as RunResults;
    userDataDir = mkdtempSync(path.join(tmpdir(), "maas-kind-report-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file("report.html")).href, { waitUntil: "load" });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("opens with no console error and no request beyond the file itself", () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [pathToFileURL(file("report.html")).href]);
  });

  it("draws every chart it embeds: per tier that sent requests its request (if it has a limit) and token charts, two for the load run", async () => {
    const drawn = (await page.evaluate(
      `(${MEASURE})(${JSON.stringify(Object.values(COLOURS))})`,
    )) as DrawnChart[];
    const tiers = results.context.outputs.tiers.filter((t) =>
      results.requests.some(
        (r) => (r.credential === "tier" || r.credential === "apiKey") && r.tier === t.name,
      ),
    );
    const load = results.requests.some((r) => r.suite === "load");
    assert.deepEqual(
      drawn.map((d) => d.id),
      [
        ...tiers.flatMap((t) => [
          ...(t.limits.requests ? [`tier-${t.name}-requests`] : []),
          `tier-${t.name}-tokens`,
        ]),
        ...(load ? ["load-latency-histogram", "load-percentiles"] : []),
      ],
    );
    for (const d of drawn) {
      assert.ok(d.chart, `${d.id}: no Chart.js chart on the canvas`);
      assert.ok(d.points > 0, `${d.id}: the chart has no data`);
      assert.ok(d.width > 200 && d.height > 100, `${d.id}: canvas ${d.width}×${d.height}`);
      assert.ok(d.inked > d.width * d.height * 0.02, `${d.id}: only ${d.inked} pixels drawn`);
      if (d.id.endsWith("-requests")) assert.ok(d.colours[COLOURS.ok]! > 0, `${d.id}: no 200 drawn`);
    }
    // Each 429 attributed to the request limit appears in red on its tier's request timeline.
    for (const t of tiers) {
      const blamed = results.requests.some((r) => r.tier === t.name && r.limit === "requests");
      const d = drawn.find((x) => x.id === `tier-${t.name}-requests`);
      if (blamed) assert.ok(d, `${t.name}: 429s blamed on a request limit the outputs do not state`);
      if (blamed && d) assert.ok(d.colours[COLOURS.requests]! > 0, `${d.id}: no request-limit 429 drawn`);
    }
  });

  it("shows the run's counts from results.json in its header", async () => {
    const counts = countTests(results.tests);
    for (const [state, n] of Object.entries(counts)) {
      assert.equal(await page.locator(`.card.${state} b`).textContent(), String(n), state);
    }
    const title = await page.locator("h1").textContent();
    assert.match(title ?? "", new RegExp(`on the ${results.context.target} target`));
    assert.match(
      title ?? "",
      new RegExp(`\\(${results.context.outputs.platform ?? "maas-kind"}\\)`),
      "names the profile",
    );
  });

  it("is kept as a screenshot beside the report", async () => {
    const shot = file("report.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 50_000, `${shot} is too small to show the charts`);
    console.log(`      screenshot: ${shot}`);
  });
});

describe(`junit.xml against the JUnit schema (${path.relative(REPO_ROOT, SCHEMA)})`, () => {
  const xmllint = (xml: string) =>
    spawnSync("xmllint", ["--noout", "--schema", SCHEMA, xml], { encoding: "utf8" });

  it("validates, with one testcase per test in results.json", () => {
    const run = xmllint(file("junit.xml"));
    assert.ok(run.error === undefined, `xmllint: ${run.error?.message} (apt-get install libxml2-utils)`);
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(readFileSync(file("results.json"), "utf8")) as RunResults;
    const xml = readFileSync(file("junit.xml"), "utf8");
    assert.equal((xml.match(/<testcase /g) ?? []).length, results.tests.length);
  });

  it("rejects a file the schema does not allow (so the check above can fail)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-junit-"));
    try {
      const broken = path.join(dir, "junit.xml");
      writeFileSync(broken, readFileSync(file("junit.xml"), "utf8").replace(/ hostname="[^"]*"/, ""));
      const run = xmllint(broken);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /hostname/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
