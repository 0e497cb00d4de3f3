import { strict as assert } from "node:assert";
import type { ProgressClock, ProgressOutput } from "./progress";
import { LineThrottle, MIN_LINE_INTERVAL_MS, startCountdown } from "./progress";

/** A clock that only moves when told to, firing due timers in order as it goes. */
class FakeClock implements ProgressClock {
  time = 1_000_000;
  private timers: { every: number; next: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { every: ms, next: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  /** Moves `ms` forward; each timer fires at its due times, `lateMs` late (a busy event loop). */
  advance(ms: number, lateMs = 0): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.next + lateMs <= until).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.time = due.next + lateMs;
      due.next += due.every;
      due.fn();
    }
    this.time = until;
  }

  get active(): number {
    return this.timers.length;
  }
}

/** Output that keeps each write with the time it happened. */
function recorder(isTTY: boolean, clock: FakeClock): ProgressOutput & { writes: [number, string][] } {
  const writes: [number, string][] = [];
  return { isTTY, writes, write: (text) => void writes.push([clock.now(), text]) };
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("e2e progress of long waits", () => {
  describe("LineThrottle", () => {
    it("lets a line through at most once per interval", () => {
      const throttle = new LineThrottle(2000);
      assert.equal(throttle.take(0), true);
      assert.equal(throttle.take(1999), false);
      assert.equal(throttle.take(2000), true);
      assert.equal(throttle.take(2500), false);
    });

    it("never allows an interval under a second", () => {
      const throttle = new LineThrottle(10);
      assert.equal(throttle.intervalMs, MIN_LINE_INTERVAL_MS);
      const passed = Array.from({ length: 100 }, (_, i) => i * 50).filter((t) => throttle.take(t));
      assert.deepEqual(passed, [0, 1000, 2000, 3000, 4000]);
    });
  });

  describe("without a terminal (CI logs)", () => {
    it("writes a whole line at a steady interval with the remaining seconds, none after the end", () => {
      const clock = new FakeClock();
      const out = recorder(false, clock);
      const start = clock.now();
      const stop = startCountdown("tier free's window", 120_000, out, clock, { indent: "  " });
      clock.advance(130_000);
      stop();
      const times = out.writes.map(([t]) => t - start);
      assert.deepEqual(
        times,
        [10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000, 110_000],
      );
      assert.equal(out.writes[0]![1], "  tier free's window: 110 s left of 120 s\n");
      assert.equal(out.writes.at(-1)![1], "  tier free's window: 10 s left of 120 s\n");
      assert.ok(out.writes.every(([, text]) => text.endsWith("\n") && !text.includes("\r")));
      assert.equal(clock.active, 0, "stop() ends the timer");
    });

    it("keeps its beat when the timer fires late, and never writes two lines within a second", () => {
      const clock = new FakeClock();
      const out = recorder(false, clock);
      const start = clock.now();
      const stop = startCountdown("load", 60_000, out, clock, { logIntervalMs: 1 });
      clock.advance(60_000, 700);
      stop();
      const times = out.writes.map(([t]) => t - start);
      assert.ok(times.length >= 50, `${times.length} lines in 60 s at a 1 s interval`);
      assert.ok(Math.min(...gaps(times)) >= MIN_LINE_INTERVAL_MS, `gaps ${gaps(times).join(", ")}`);
    });

    it("writes nothing for a wait shorter than its interval", () => {
      const clock = new FakeClock();
      const out = recorder(false, clock);
      const stop = startCountdown("short", 5_000, out, clock);
      clock.advance(5_000);
      stop();
      assert.deepEqual(out.writes, []);
    });
  });

  describe("on a terminal", () => {
    it("shows a live line at once and rewrites it in place at most once per second", () => {
      const clock = new FakeClock();
      const out = recorder(true, clock);
      const start = clock.now();
      const stop = startCountdown("load", 10_000, out, clock);
      clock.advance(3_100);
      assert.equal(out.writes[0]![0], start);
      assert.equal(out.writes[0]![1], "\r\x1b[2Kload: 10 s left of 10 s");
      assert.ok(
        out.writes.every(([, text]) => text.startsWith("\r\x1b[2K") && !text.includes("\n")),
        "rewrites one line",
      );
      const times = out.writes.map(([t]) => t);
      assert.ok(Math.min(...gaps(times)) >= MIN_LINE_INTERVAL_MS, `gaps ${gaps(times).join(", ")}`);
      assert.deepEqual(
        out.writes.map(([, text]) => text.replace("\r\x1b[2K", "")),
        [
          "load: 10 s left of 10 s",
          "load: 9 s left of 10 s",
          "load: 8 s left of 10 s",
          "load: 7 s left of 10 s",
        ],
      );
      stop();
      assert.equal(out.writes.at(-1)![1], "\r\x1b[2K", "stop() clears the line");
      assert.equal(clock.active, 0);
    });
  });
});
