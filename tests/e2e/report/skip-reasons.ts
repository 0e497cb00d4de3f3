/**
 * Why a test was skipped, kept beside the mocha objects (mocha itself keeps no reason): a pending test's own
 * reason, or its suite's when a hook skipped the whole suite. The suites' skip helpers write; the run's
 * recorder reads.
 */
const reasons = new WeakMap<Mocha.Test | Mocha.Suite, string>();

/** `target` (a test, or a suite whose hook skipped it) is skipped because of `reason`. */
export function noteSkipReason(target: Mocha.Test | Mocha.Suite, reason: string): void {
  reasons.set(target, reason);
}

/** The reason noted for `test` or, failing that, for the nearest suite around it. */
export function skipReasonOf(test: Mocha.Test): string | undefined {
  const own = reasons.get(test);
  if (own !== undefined) return own;
  for (let suite: Mocha.Suite | undefined = test.parent; suite; suite = suite.parent) {
    const reason = reasons.get(suite);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
