import { strict as assert } from "node:assert";
import { fixedWindows } from "./windows";

describe("e2e report: fixed rate-limit windows", () => {
  it("opens a window at the first request after the last one closed, and ranks requests in it", () => {
    const { windowed, spans } = fixedWindows([0, 100, 999, 1000, 1500, 5000], (t) => t, 1000);
    assert.deepEqual(spans, [
      { start: 0, end: 1000 },
      { start: 1000, end: 2000 },
      { start: 5000, end: 6000 },
    ]);
    assert.deepEqual(
      windowed.map((w) => [w.item, w.window, w.nth]),
      [
        [0, 0, 1],
        [100, 0, 2],
        [999, 0, 3],
        [1000, 1, 1],
        [1500, 1, 2],
        [5000, 2, 1],
      ],
    );
  });

  it("has no window without requests", () => {
    assert.deepEqual(
      fixedWindows([], (t: number) => t, 1000),
      { windowed: [], spans: [] },
    );
  });
});
