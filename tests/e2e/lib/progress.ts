/**
 * Progress of long waits (a rate-limit window, the load run): on a terminal a live line with the remaining
 * seconds, rewritten in place; in a log (CI) a line at a steady interval. Never more than one line per second
 * either way. The clock and timer are injected, so the throttling is unit-tested with a fake clock.
 */

/** Where progress goes: a terminal (one line rewritten in place) or a log (whole lines). */
export interface ProgressOutput {
  readonly isTTY: boolean;
  write(text: string): void;
}

/** The clock and the repeating timer progress runs on. */
export interface ProgressClock {
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

/** The shortest time between two lines, on a terminal and in a log. */
export const MIN_LINE_INTERVAL_MS = 1000;
/** Time between two lines in a log. */
export const LOG_INTERVAL_MS = 10_000;
/** How often the remaining time is looked at. */
export const TICK_MS = 250;

/** The process's clock and timers; the timer never keeps the process alive. */
export const realClock: ProgressClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Lets a line through only when `intervalMs` (never less than a second) passed since the last one. */
export class LineThrottle {
  private last = -Infinity;
  readonly intervalMs: number;

  constructor(intervalMs: number) {
    this.intervalMs = Math.max(MIN_LINE_INTERVAL_MS, intervalMs);
  }

  /** True, and the time remembered, when a line may be written at `now`. */
  take(now: number): boolean {
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

/** Options of a countdown. */
export interface CountdownOptions {
  /** Prefix of every line (the suites indent theirs under the running test). */
  readonly indent?: string;
  /** Time between two lines in a log (default LOG_INTERVAL_MS; never under a second). */
  readonly logIntervalMs?: number;
}

const CLEAR_LINE = "\r\x1b[2K";

/**
 * Shows the remaining seconds of `label`, which ends `totalMs` from now, until the returned function is called.
 * On a terminal: a live line at once, rewritten at most once per second, cleared at the end. In a log: the
 * caller has already said what it waits for, so the first line comes one interval in, then one per interval.
 */
export function startCountdown(
  label: string,
  totalMs: number,
  out: ProgressOutput,
  clock: ProgressClock,
  options: CountdownOptions = {},
): () => void {
  const indent = options.indent ?? "";
  const start = clock.now();
  const end = start + totalMs;
  const total = Math.ceil(totalMs / 1000);
  const line = (now: number) =>
    `${indent}${label}: ${Math.max(0, Math.ceil((end - now) / 1000))} s left of ${total} s`;
  if (out.isTTY) {
    const throttle = new LineThrottle(MIN_LINE_INTERVAL_MS);
    let shown = "";
    const show = () => {
      const now = clock.now();
      const text = line(now);
      if (text === shown || !throttle.take(now)) return;
      shown = text;
      out.write(`${CLEAR_LINE}${text}`);
    };
    show();
    const stopTimer = clock.every(TICK_MS, show);
    return () => {
      stopTimer();
      out.write(CLEAR_LINE);
    };
  }
  // Lines at start + k × interval, so they keep a steady beat however late the timer fires.
  const interval = Math.max(MIN_LINE_INTERVAL_MS, options.logIntervalMs ?? LOG_INTERVAL_MS);
  let next = start + interval;
  const stopTimer = clock.every(TICK_MS, () => {
    const now = clock.now();
    if (now < next || now >= end) return;
    while (next <= now) next += interval;
    out.write(`${line(now)}\n`);
  });
  return () => stopTimer();
}
