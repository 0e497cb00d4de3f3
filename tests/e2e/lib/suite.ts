/** Small helpers the suites share: skip-or-fail on a missing prerequisite, waits that say how long, tier calls. */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import type { E2eContext } from "../context";
import type { HttpResult } from "./http";
import { http } from "./http";
import type { Wait } from "./ledger";
import { ledgerKey } from "./ledger";
import type { Verdict } from "./observed";
import { PortForwardPool } from "./port-forward";
import { isLoopbackUrl } from "./prerequisites";
import { noteSkipReason } from "../report/skip-reasons";

/**
 * Declares, instead of a test, a pending test whose title says why the stack's outputs make it inapplicable.
 * Suites decide that from the outputs alone, while they are declared; at run time they skip only through
 * `skipUnlessReady`, which --strict (the default with CI=true) turns into a failure.
 */
export function itNotApplicable(title: string, reason: string): void {
  noteSkipReason(
    it.skip(`${title} (not applicable to these outputs: ${reason})`),
    `not applicable: ${reason}`,
  );
}

/**
 * With a reason, skips the current suite or test, printing why; with --strict (the default with CI=true) a
 * missing prerequisite fails instead.
 */
export function skipUnlessReady(mocha: Mocha.Context, ctx: E2eContext, reason: string | undefined): void {
  if (reason === undefined) return;
  if (ctx.options.strict) {
    throw new Error(
      `${reason} (with --strict, the default when CI=true, a missing prerequisite fails the run)`,
    );
  }
  ctx.log(`skipped: ${reason}`);
  const runnable = mocha.test;
  // In a hook the whole suite is skipped; in a test, that test.
  const hook = (runnable as { type?: string } | undefined)?.type === "hook";
  if (runnable) noteSkipReason(hook ? runnable.parent! : (runnable as Mocha.Test), reason);
  mocha.skip();
}

/** Why the gateway suites cannot run, or undefined: nothing enforces the policy, or no gateway answers. */
export async function policyMissing(ctx: E2eContext): Promise<string | undefined> {
  if (ctx.policy === "none") {
    return "the local gateway runs without the emulated MaaS policy (--no-emulate-policy): nothing enforces tiers or limits";
  }
  return ctx.gatewayMissing();
}

/** ` [emulated policy]` on the local target, so no result reads as proof about the real MaaS gateway. */
export function policyTag(ctx: E2eContext): string {
  return ctx.policy === "emulated" ? " [EMULATED MaaS policy of the local gateway, not the real one]" : "";
}

/**
 * Sleeps through `wait`, printing how long and why (never asks), then the remaining seconds of `what` as it
 * goes (a live line on a terminal, a line every few seconds in a log). Extends the running test's timeout.
 */
export async function waitOut(
  mocha: Mocha.Context,
  ctx: E2eContext,
  wait: Wait,
  what = "waiting out the window",
): Promise<void> {
  if (wait.ms <= 0) return;
  ctx.log(`waiting ${(wait.ms / 1000).toFixed(1)} s: ${wait.reason}`);
  mocha.timeout(mocha.timeout() + wait.ms);
  const stop = ctx.track(what, wait.ms);
  try {
    await new Promise((resolve) => setTimeout(resolve, wait.ms));
  } finally {
    stop();
  }
}

/** Has the run's record attribute the running test's latest 429s as a rate-limit verdict says; returns it. */
export function noteVerdict(ctx: E2eContext, verdict: Verdict): Verdict {
  ctx.recorder.attribute(verdict);
  return verdict;
}

/** The ledger key of a tier's user at the outputs' gateway. */
export function tierKey(ctx: E2eContext, tier: TierOutput): string {
  return ledgerKey(ctx.outputs.gateway.baseUrl, tier);
}

/**
 * Sends a request with a tier's API key (`outputs.apiKeys`) through the gateway, recording the use in the ledger
 * under the tier's key: the key is bound to the tier's subscription, whose counters the tier's token shares.
 */
export function apiKeyCall(
  ctx: E2eContext,
  tier: TierOutput,
  url: string,
  body?: unknown,
): Promise<HttpResult> {
  const key = ctx.outputs.apiKeys[tier.name]?.key;
  if (key === undefined) throw new Error(`the outputs have no API key for tier ${tier.name}`);
  ctx.ledger.recordUse(tierKey(ctx, tier));
  return http(url, {
    token: key,
    timeoutMs: ctx.options.requestTimeoutMs,
    ...(body !== undefined ? { body } : {}),
  });
}

/** The tiers the outputs have an API key for. */
export function tiersWithApiKeys(ctx: E2eContext): TierOutput[] {
  return Object.values(ctx.outputs.tiers).filter((t) => ctx.outputs.apiKeys[t.name] !== undefined);
}

/** Sends a request with a tier's token through the gateway, recording the use in the ledger. */
export function tierCall(
  ctx: E2eContext,
  tier: TierOutput,
  url: string,
  body?: unknown,
): Promise<HttpResult> {
  const token = ctx.outputs.tokens[tier.name]?.token;
  if (token === undefined) throw new Error(`the outputs have no token for tier ${tier.name}`);
  ctx.ledger.recordUse(tierKey(ctx, tier));
  return http(url, {
    token,
    timeoutMs: ctx.options.requestTimeoutMs,
    ...(body !== undefined ? { body } : {}),
  });
}

/** Tiers that have a token in the outputs, in the outputs' order. */
export function tiersWithTokens(ctx: E2eContext): TierOutput[] {
  return Object.values(ctx.outputs.tiers).filter((t) => ctx.outputs.tokens[t.name] !== undefined);
}

/** True when some model is only reachable through a port-forward (its in-cluster URL is not on this machine). */
export function needsPortForward(ctx: E2eContext): boolean {
  return Object.values(ctx.outputs.models).some((m) => !isLoopbackUrl(m.inClusterUrl));
}

/** A port-forward pool the runner closes at the end even if the suite's `after` never ran. */
export function portForwards(ctx: E2eContext): PortForwardPool {
  const pool = new PortForwardPool(ctx.kube, ctx.log);
  ctx.pools.add(pool);
  return pool;
}

/** Fails unless `r` has `status`, saying what was asked and what came back. */
export function expectStatus(r: HttpResult, status: number, what: string): void {
  if (r.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${r.status}: ${r.text.replace(/\s+/g, " ").slice(0, 300)}`,
    );
  }
}

/** Fails with every problem, one per line, unless there are none. */
export function expectNoProblems(problems: readonly string[], what: string): void {
  if (problems.length > 0) throw new Error(`${what}:\n  ${problems.join("\n  ")}`);
}
