/**
 * What a suite keeps of one response: its status, the tokens it used, and a little of its body for messages.
 * The decision modules (access, request and token limits) work on sequences of these, so they are pure and
 * unit-tested on recorded sequences.
 */

/** One response as a suite saw it. */
export interface Observed {
  readonly status: number;
  /** `usage.total_tokens` of a successful completion; undefined when the body had none. */
  readonly totalTokens?: number;
  /** The start of the body, for messages. */
  readonly body?: string;
}

/** What a status means to the MaaS gateway's client. */
export type Outcome =
  "ok" | "unauthenticated" | "forbidden" | "not-found" | "rate-limited" | "client-error" | "server-error";

/** Classifies a status the way the suites read the gateway: 2xx ok, 401, 403, 404, 429, other 4xx, 5xx. */
export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 429) return "rate-limited";
  if (status >= 400 && status < 500) return "client-error";
  return "server-error";
}

/** `200 (42 tokens)`, `429`, `503: upstream connect error` — one response in a message. */
export function describeObserved(o: Observed): string {
  const tokens = o.totalTokens !== undefined ? ` (${o.totalTokens} tokens)` : "";
  const body = o.status >= 300 && o.body ? `: ${o.body.replace(/\s+/g, " ").slice(0, 120)}` : "";
  return `${o.status}${tokens}${body}`;
}

/** The statuses of a sequence, compactly: `200×5, 429×3`. */
export function statusRuns(seq: readonly Observed[]): string {
  const runs: [number, number][] = [];
  for (const o of seq) {
    const last = runs[runs.length - 1];
    if (last && last[0] === o.status) last[1]++;
    else runs.push([o.status, 1]);
  }
  return runs.map(([s, n]) => (n === 1 ? `${s}` : `${s}×${n}`)).join(", ") || "(none)";
}

/** Sum of `totalTokens` over the successful responses of `seq`. */
export function tokensOfSuccesses(seq: readonly Observed[]): number {
  return seq.reduce((sum, o) => sum + (classify(o.status) === "ok" ? (o.totalTokens ?? 0) : 0), 0);
}

/** The verdict of a rate-limit check on one recorded sequence. */
export type Verdict =
  /** The 429s are `limit`'s. */
  | { readonly kind: "pass"; readonly summary: string; readonly limit: "requests" | "tokens" }
  /** 429s came before the limit: a counter from earlier requests may still have been active; retry after a window. */
  | { readonly kind: "counter-active"; readonly summary: string }
  | { readonly kind: "fail"; readonly summary: string };
