/**
 * `junit.xml`: the run's tests in the JUnit XML format CI systems read, one `<testsuite>` per e2e suite and one
 * `<testcase>` per mocha test (a failed hook stands for the tests it kept from running), skips with their
 * reasons. It follows the Apache Ant JUnit schema vendored in ./schema (checked by `npm run test:report`).
 */
import type { RunResults, TestRecord } from "./results";

/** Drops characters XML 1.0 cannot carry (terminal colour codes and other controls). */
function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
  );
}

const attr = (s: string) => xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");

/** The schema's timestamp: ISO 8601 to the second, without a zone (UTC here). */
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The name of a test inside its suite: the full title (describe titles and the test's). */
function testcase(t: TestRecord): string {
  const head = `    <testcase name="${attr(t.title)}" classname="e2e.${attr(t.suite)}" time="${seconds(t.ms)}"`;
  if (t.state === "passed") return `${head}/>`;
  if (t.state === "skipped") {
    return `${head}>\n      <skipped message="${attr(t.message ?? "skipped")}"/>\n    </testcase>`;
  }
  const type = /^(\w*Error)\b/.exec(t.stack ?? "")?.[1] ?? "Error";
  return (
    `${head}>\n      <failure message="${attr(t.message ?? "failed")}" type="${type}">` +
    `${xmlText(t.stack ?? t.message ?? "")}</failure>\n    </testcase>`
  );
}

/** The JUnit XML of a run. */
export function junitXml(results: RunResults): string {
  const { context } = results;
  const suites = [...new Set(results.tests.map((t) => t.suite))];
  const properties = [
    ["target", context.target],
    ["stack", context.stack],
    ["policy", context.policy],
    ["gateway", context.outputs.gateway.baseUrl],
    ...Object.entries(context.versions),
  ]
    .map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`)
    .join("\n");
  const body = suites.map((suite, id) => {
    const tests = results.tests.filter((t) => t.suite === suite);
    const count = (state: TestRecord["state"]) => tests.filter((t) => t.state === state).length;
    const start = Math.min(...tests.map((t) => t.t));
    return [
      `  <testsuite package="maas-kind.e2e" id="${id}" name="${attr(suite)}" timestamp="${timestamp(start)}" ` +
        `hostname="${attr(context.hostname || "localhost")}" tests="${tests.length}" ` +
        `failures="${count("failed")}" errors="0" skipped="${count("skipped")}" ` +
        `time="${seconds(tests.reduce((sum, t) => sum + t.ms, 0))}">`,
      `    <properties>\n${properties}\n    </properties>`,
      ...tests.map(testcase),
      "    <system-out/>",
      "    <system-err/>",
      "  </testsuite>",
    ].join("\n");
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${body.join("\n")}\n</testsuites>\n`;
}
