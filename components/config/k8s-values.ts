/**
 * Pure checks and parsers for the Kubernetes value formats the stack config uses: DNS labels and names,
 * resource quantities, and Go-style durations. No Pulumi, no I/O: shared by the config parser and tests.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True if `s` is an RFC 1123 DNS label (lowercase alphanumerics and '-', alphanumeric at both ends) of ≤ `max` characters. */
export function isDnsLabel(s: string, max = 63): boolean {
  return s.length > 0 && s.length <= max && DNS_LABEL.test(s);
}

/** True if `s` is an RFC 1123 DNS subdomain (dot-separated labels, ≤ 253 characters). */
export function isDnsSubdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split(".").every((l) => isDnsLabel(l));
}

/** True if `s` is a Gateway API hostname: a DNS subdomain, optionally prefixed with a single `*.` wildcard label. */
export function isGatewayHostname(s: string): boolean {
  const rest = s.startsWith("*.") ? s.slice(2) : s;
  return isDnsSubdomain(rest) && !/^\d+(\.\d+){3}$/.test(rest);
}

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?\d+)?$/;
const SUFFIX_FACTOR: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * Parses a non-negative Kubernetes resource quantity (`100m`, `128Mi`, `1.5`, `2e3`) to its numeric value,
 * or returns undefined if `s` is not one. Signs are rejected: resources and storage sizes are never negative.
 */
export function parseQuantity(s: string): number | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [, num, suffix = ""] = m;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTOR[suffix];
  return factor === undefined ? undefined : Number(num) * factor;
}

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses a duration such as `90s`, `2m`, `1h` or `1h30m` to whole seconds, or undefined if it is not one (or is 0). */
export function parseDuration(s: string): number | undefined {
  const m = DURATION.exec(s);
  if (!m || s === "") return undefined;
  const [, h = "0", min = "0", sec = "0"] = m;
  const total = Number(h) * 3600 + Number(min) * 60 + Number(sec);
  return total > 0 ? total : undefined;
}
