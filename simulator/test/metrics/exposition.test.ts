import assert from "node:assert/strict";
import { formatValue } from "../../src/metrics/exposition";

// Go's strconv.FormatFloat(v, 'g', -1, 64), which prometheus/common/expfmt writes sample values with
// (the peer's Prometheus library); the expected strings are what Go prints for these values.
describe("Prometheus values as Go writes them (src/metrics/exposition.ts)", () => {
  it("formats like strconv.FormatFloat(v, 'g', -1, 64)", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [1, "1"],
      [10, "10"],
      [0.4, "0.4"],
      [123456, "123456"],
      [1_000_000, "1e+06"],
      [1257894567, "1.257894567e+09"],
      [0.0001, "0.0001"],
      [0.00001, "1e-05"],
      [1.5e-7, "1.5e-07"],
      [-2.5, "-2.5"],
      [1e21, "1e+21"],
      [Infinity, "+Inf"],
      [NaN, "NaN"],
    ];
    for (const [value, text] of cases) assert.equal(formatValue(value), text, String(value));
  });
});
