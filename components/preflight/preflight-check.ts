/**
 * One preflight check's outcome, as `npm run doctor` prints it and the preflight collects it: what was checked,
 * its state, and the detail (what was found when it is fine, the message with its fix when it is not, why it
 * did not run when it was skipped). Plain data and functions without imports, like the messages, because the
 * cluster preflight's dynamic provider is serialized by Pulumi.
 */

/** `ok`: fine; `problem`: stops `npm run up`; `warning`: reported, `up` goes on; `skipped`: could not run. */
export type CheckState = "ok" | "problem" | "warning" | "skipped";

/** One check's outcome. */
export interface PreflightCheck {
  /** What was checked, e.g. `kind installed (≥ v0.20)`. */
  readonly name: string;
  readonly state: CheckState;
  /** What was found (ok), the preflight message with its fix (problem, warning), or why it did not run. */
  readonly detail: string;
}

/** Messages of the checks in `state`, in the order they ran: the preflight's errors or warnings. */
export function checkMessages(checks: readonly PreflightCheck[], state: "problem" | "warning"): string[] {
  return checks.filter((c) => c.state === state).map((c) => c.detail);
}
