import assert from "node:assert/strict";
import { formatDurationMs, parseDurationMs } from "../../src/cli/duration";

describe("latency durations (src/cli/duration.ts)", () => {
  it("reads a bare number as milliseconds, from a number or a string", () => {
    assert.equal(parseDurationMs(150), 150);
    assert.equal(parseDurationMs("150"), 150);
    assert.equal(parseDurationMs(" 2.5 "), 2.5);
    assert.equal(parseDurationMs(0), 0);
  });

  it("reads Go-style durations in every unit, and sums their parts", () => {
    assert.equal(parseDurationMs("150ms"), 150);
    assert.equal(parseDurationMs("1.5s"), 1500);
    assert.equal(parseDurationMs("1m30s"), 90_000);
    assert.equal(parseDurationMs("1h"), 3_600_000);
    assert.equal(parseDurationMs("250us"), 0.25);
    assert.equal(parseDurationMs("250µs"), 0.25);
    assert.equal(parseDurationMs("250μs"), 0.25);
    assert.equal(parseDurationMs("2000000ns"), 2);
    assert.equal(parseDurationMs("0s"), 0);
  });

  it("rejects what is neither: negatives, other units, bare units, non-finite numbers, other types", () => {
    for (const bad of ["-5", "-5ms", "5d", "ms", "5 ms", "1e3", "", "abc", "1s-2s", ".5s"]) {
      assert.equal(parseDurationMs(bad), undefined, bad);
    }
    assert.equal(parseDurationMs(-1), undefined);
    assert.equal(parseDurationMs(Number.NaN), undefined);
    assert.equal(parseDurationMs(Number.POSITIVE_INFINITY), undefined);
    assert.equal(parseDurationMs(true), undefined);
    assert.equal(parseDurationMs(null), undefined);
    assert.equal(parseDurationMs(["1s"]), undefined);
  });

  it("formats milliseconds as the help text shows them", () => {
    assert.equal(formatDurationMs(0), "0");
    assert.equal(formatDurationMs(2000), "2s");
    assert.equal(formatDurationMs(150), "150ms");
    assert.equal(formatDurationMs(1500), "1500ms");
    for (const ms of [0, 2000, 150, 1500]) assert.equal(parseDurationMs(formatDurationMs(ms)), ms);
  });
});
