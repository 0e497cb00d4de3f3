/**
 * MaaS's token-limit window: `MaaSSubscription.spec.modelRefs[].tokenRateLimits[].window` must match
 * `^[1-9]\d{0,3}(s|m|h)$` (opendatahub-io/models-as-a-service c0639b1b,
 * deployment/base/maas-controller/crd/bases/maas.opendatahub.io_maassubscriptions.yaml), while a tier's window is
 * any duration the stack config accepts (`90s`, `1h30m`, …). Pure.
 */

/** The pattern of a MaaS window, as in the MaaSSubscription CRD. */
export const MAAS_WINDOW_PATTERN = /^[1-9]\d{0,3}(s|m|h)$/;

/** Largest number a MaaS window may carry (four digits). */
export const MAAS_WINDOW_MAX = 9999;

const UNITS: readonly (readonly [string, number])[] = [
  ["h", 3600],
  ["m", 60],
  ["s", 1],
];

/**
 * The same window in MaaS's form, in the largest unit that divides it exactly (`120` s → `2m`, `5400` s → `90m`),
 * or undefined when no unit gives a whole number from 1 to 9999 (e.g. 10001 s).
 */
export function maasWindow(windowSeconds: number): string | undefined {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) return undefined;
  for (const [unit, seconds] of UNITS) {
    const n = windowSeconds / seconds;
    if (Number.isInteger(n) && n <= MAAS_WINDOW_MAX) return `${n}${unit}`;
  }
  return undefined;
}
