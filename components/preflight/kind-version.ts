/**
 * The kind CLI's version, read from `kind version`, and whether it is one the stack supports (≥ v0.20.0, the
 * version the documentation asks for). kind prints `kind v<core>[-<pre-release>[.<count>][+<commit>]] go<go>
 * <os>/<arch>` (`DisplayVersion()` in kubernetes-sigs/kind v0.20.0, commit 715a5d163739ec398afe8f7361c5e0fc346c83b0,
 * pkg/cmd/kind/version/version.go), and only the version itself with `-q`. Plain functions without imports,
 * like the preflight messages.
 */

/** The oldest kind the stack supports. */
export const MIN_KIND_VERSION = "0.20.0";

/** A parsed kind version: `[major, minor, patch]` and the pre-release part, if any. */
export interface KindVersion {
  readonly core: readonly [number, number, number];
  readonly preRelease?: string;
  /** As kind printed it, without the leading `v` (e.g. `0.24.0-alpha.12+0123456789abcd`). */
  readonly text: string;
}

/** Reads `kind version` output; undefined when it names no version. */
export function parseKindVersion(output: string): KindVersion | undefined {
  const m = /^\s*(?:kind\s+)?v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?(?=\s|$)/.exec(
    output,
  );
  if (!m) return undefined;
  const text = m[0]
    .trim()
    .replace(/^kind\s+/, "")
    .replace(/^v/, "");
  return {
    core: [Number(m[1]), Number(m[2]), Number(m[3])],
    ...(m[4] !== undefined ? { preRelease: m[4] } : {}),
    text,
  };
}

/**
 * True when `v` is at least `min` by semantic versioning: a pre-release (`0.20.0-alpha`) comes before its
 * release, so it does not satisfy a minimum of that release.
 */
export function kindVersionAtLeast(v: KindVersion, min: string = MIN_KIND_VERSION): boolean {
  const wanted = parseKindVersion(min);
  if (wanted === undefined) throw new Error(`not a version: ${min}`);
  for (let i = 0; i < 3; i++) {
    if (v.core[i]! !== wanted.core[i]!) return v.core[i]! > wanted.core[i]!;
  }
  return v.preRelease === undefined;
}
