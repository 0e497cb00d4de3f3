/**
 * Fixed rate-limit windows over one user's requests, the way the MaaS gateway's counters (Limitador) and the
 * local emulation count: a window opens at the first request after the previous one closed and lasts the
 * limit's window. Pure.
 */

/** One request's place in its window. */
export interface Windowed<T> {
  readonly item: T;
  /** Index of its window (0 for the first). */
  readonly window: number;
  /** 1 for the first request of its window, 2 for the next, ... */
  readonly nth: number;
}

/** One window: when it opened and closed, in the times' unit. */
export interface WindowSpan {
  readonly start: number;
  readonly end: number;
}

/** Assigns `items` (sorted by `time`) to fixed windows of `windowMs` opened by the first item after the last closed. */
export function fixedWindows<T>(
  items: readonly T[],
  time: (item: T) => number,
  windowMs: number,
): { readonly windowed: Windowed<T>[]; readonly spans: WindowSpan[] } {
  const spans: WindowSpan[] = [];
  const windowed: Windowed<T>[] = [];
  let nth = 0;
  for (const item of items) {
    const t = time(item);
    const open = spans[spans.length - 1];
    if (!open || t >= open.end) {
      spans.push({ start: t, end: t + windowMs });
      nth = 0;
    }
    windowed.push({ item, window: spans.length - 1, nth: ++nth });
  }
  return { windowed, spans };
}
