import { strict as assert } from "node:assert";
import { recordedResults } from "./fixtures/recorded";
import { junitXml } from "./junit";
import type { RunResults, TestRecord } from "./results";

const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;

describe("e2e report: junit.xml", () => {
  const results = recordedResults();
  const xml = junitXml(results);

  it("has one testcase per recorded test, grouped in a testsuite per e2e suite", () => {
    assert.equal(count(xml, /<testcase /g), results.tests.length);
    const suites = [...xml.matchAll(/<testsuite [^>]* name="([^"]+)"[^>]* tests="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    assert.deepEqual(suites, [
      ["direct", 8],
      ["routing", 6],
      ["tier-access", 2],
      ["request-limits", 3],
      ["token-limits", 3],
      ["load", 1],
    ]);
    assert.match(xml, /<testsuite [^>]* name="token-limits"[^>]*failures="0" errors="0" skipped="2"/);
  });

  it("gives every skip its reason", () => {
    const reasons = [...xml.matchAll(/<skipped message="([^"]*)"\/>/g)].map((m) => m[1]);
    assert.equal(reasons.length, 2);
    for (const reason of reasons)
      assert.match(reason!, /^not applicable: the token limit \d+ per 6s needs at least/);
  });

  it("gives every testsuite the schema's required parts: timestamp without zone, properties, system-out/err", () => {
    for (const m of xml.matchAll(/timestamp="([^"]+)"/g))
      assert.match(m[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.equal(count(xml, /<properties>/g), 6);
    assert.equal(count(xml, /<system-out\/>/g), 6);
    assert.equal(count(xml, /<system-err\/>/g), 6);
    assert.match(xml, /<property name="target" value="local"\/>/);
  });

  it("reports a failure with its message, type and stack, escaped, without control characters", () => {
    const failed: TestRecord = {
      suite: "tier-access",
      title: 'tier × model <every> "tier"',
      state: "failed",
      ms: 1500,
      t: results.context.startedAt,
      message: "tier free → model-b: got 200 & expected 403\n\u001b[31mred\u001b[0m",
      stack: "AssertionError [ERR_ASSERTION]: tier free → model-b\n    at x (<anonymous>)",
    };
    const one: RunResults = { ...results, tests: [failed] };
    const out = junitXml(one);
    assert.match(
      out,
      /<testcase name="tier × model &lt;every&gt; &quot;tier&quot;" classname="e2e.tier-access" time="1.500">/,
    );
    assert.match(
      out,
      /<failure message="tier free → model-b: got 200 &amp; expected 403&#10;\[31mred\[0m" type="AssertionError">/,
    );
    assert.match(out, /at x \(&lt;anonymous&gt;\)<\/failure>/);
    assert.ok(!out.includes("\u001b"));
    assert.match(out, /failures="1" errors="0" skipped="0"/);
  });
});
