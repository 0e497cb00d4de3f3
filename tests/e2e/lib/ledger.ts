/**
 * When each tier's token was last used against a gateway, and until when a rate-limit test left its counters
 * exhausted, so the suites can wait out a window instead of asking, and say how long. MaaS counts per user (the
 * tier's ServiceAccount), so entries are keyed by gateway and ServiceAccount; they persist in a small JSON file
 * across runs (an earlier run's counter may still be active). The wait rules are pure.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { TierOutput } from "../../../components/outputs/stack-outputs";

/** Safety margin added to every wait (clock granularity, window boundaries). */
export const WAIT_MARGIN_MS = 1000;

/** What is known of one user's counters at one gateway. Times in ms since the epoch. */
export interface LedgerEntry {
  /** Last request sent with the user's token. */
  readonly lastUse?: number;
  /** A rate-limit test exhausted a counter; it may refuse requests until then. */
  readonly exhaustedUntil?: number;
}

/** A wait and its reason. */
export interface Wait {
  readonly ms: number;
  readonly reason: string;
}

const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

/** The ledger key of a tier's user at a gateway. */
export function ledgerKey(
  gatewayBaseUrl: string,
  tier: Pick<TierOutput, "namespace" | "serviceAccount">,
): string {
  return `${gatewayBaseUrl} ${tier.namespace}/${tier.serviceAccount}`;
}

/**
 * Before a rate-limit test: its counters must be fresh, i.e. neither window may still hold requests. A counter
 * starts at or before the last use, so one full window (the longer of the two) after the last use it is gone.
 */
export function waitForFreshCounters(
  entry: LedgerEntry | undefined,
  tier: Pick<TierOutput, "name" | "limits">,
  now: number,
): Wait {
  const { requests, tokens } = tier.limits;
  const window = Math.max(requests?.windowSeconds ?? 0, tokens.windowSeconds) * 1000;
  const last = Math.max(entry?.lastUse ?? -Infinity, (entry?.exhaustedUntil ?? -Infinity) - window);
  if (!Number.isFinite(last)) return { ms: 0, reason: `tier ${tier.name}: no earlier use recorded` };
  const ms = Math.max(0, last + window + WAIT_MARGIN_MS - now);
  return {
    ms,
    reason:
      `tier ${tier.name}'s token was last used at ${clock(last)} UTC; its counters ` +
      (requests
        ? `(${requests.window} / ${tokens.window} windows) may still hold those requests`
        : `(${tokens.window} token window) may still hold those requests`),
  };
}

/** Before a few ordinary requests: a counter a rate-limit test exhausted must have expired. */
export function waitUntilUsable(
  entry: LedgerEntry | undefined,
  tier: Pick<TierOutput, "name">,
  now: number,
): Wait {
  const until = entry?.exhaustedUntil;
  if (until === undefined) return { ms: 0, reason: `tier ${tier.name}: no exhausted counter recorded` };
  return {
    ms: Math.max(0, until + WAIT_MARGIN_MS - now),
    reason: `a rate-limit test exhausted tier ${tier.name}'s counter, which refuses requests until ${clock(until)} UTC`,
  };
}

/** The ledger: in memory, and in `file` when given (rewritten atomically on every change). */
export class Ledger {
  private readonly entries: Record<string, LedgerEntry>;

  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
    /** Where a damaged ledger file is reported. */
    warn: (message: string) => void = (message) => console.warn(message),
  ) {
    this.entries = file ? Ledger.read(file, warn) : {};
  }

  /**
   * The file's entries: none when it does not exist yet; none, with a warning, when it cannot be read or
   * parsed (the rate-limit suites then wait for nothing, and retry once after a window if a counter was
   * still active).
   */
  private static read(file: string, warn: (message: string) => void): Record<string, LedgerEntry> {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        warn(`e2e: ignoring the rate-limit ledger ${file}: ${(error as Error).message}`);
      }
      return {};
    }
    if (data && typeof data === "object" && !Array.isArray(data)) return data as Record<string, LedgerEntry>;
    warn(`e2e: ignoring the rate-limit ledger ${file}: not a JSON object`);
    return {};
  }

  get(key: string): LedgerEntry | undefined {
    return this.entries[key];
  }

  /** A request was sent with the user's token now. */
  recordUse(key: string): void {
    this.update(key, { lastUse: this.now() });
  }

  /** A test exhausted a counter of `windowSeconds` now. */
  recordExhausted(key: string, windowSeconds: number): void {
    const until = this.now() + windowSeconds * 1000;
    this.update(key, { exhaustedUntil: Math.max(until, this.entries[key]?.exhaustedUntil ?? 0) });
  }

  private update(key: string, change: LedgerEntry): void {
    this.entries[key] = { ...this.entries[key], ...change };
    if (!this.file) return;
    // Entries older than a day can no longer matter to any window.
    const horizon = this.now() - 86_400_000;
    for (const [k, e] of Object.entries(this.entries)) {
      if (Math.max(e.lastUse ?? 0, e.exhaustedUntil ?? 0) < horizon) delete this.entries[k];
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.entries, null, 2));
    renameSync(tmp, this.file);
  }
}
