/**
 * The upstream fixtures: data files (CRDs, manifests) vendored unmodified under tests/fixtures/upstream, each
 * listed in its sources.json with the repository, the pinned commit, its upstream path and its SHA-256.
 *
 *   npm run fixtures:update                 re-download every file at its pinned commit, check its SHA-256,
 *                                           then write it (nothing is written when any file differs)
 *   npm run fixtures:update -- --check      offline: every listed file is present with its SHA-256, and no
 *                                           unlisted file lies beside them
 *   --base-url URL                          download from URL/<owner>/<repo>/<commit>/<path> instead of
 *                                           https://raw.githubusercontent.com (a mirror, or a test server)
 *
 * Exit status 1 with one line per problem when anything is wrong.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** Where the fixtures and their manifest live. */
export const FIXTURES_DIR = path.resolve(__dirname, "../tests/fixtures/upstream");
/** The manifest's file name inside the fixtures directory. */
export const MANIFEST = "sources.json";
/** Files of the fixtures directory that are not fixtures. */
export const NOT_FIXTURES: readonly string[] = [MANIFEST, "README.md"];
/** Where raw files of a GitHub repository are served at a commit. */
export const DEFAULT_BASE_URL = "https://raw.githubusercontent.com";

/** One vendored file. */
export interface FixtureEntry {
  /** Path under the fixtures directory: `<repo name>@<ref>/<upstream path>`. */
  readonly path: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** The tag or short commit the directory is named after. */
  readonly ref: string;
  /** The full commit the file is taken from. */
  readonly commit: string;
  /** The file's path in the repository. */
  readonly upstreamPath: string;
  /** Where it is downloaded from (with the default base URL). */
  readonly url: string;
  /** SHA-256 of its bytes, hex. */
  readonly sha256: string;
}

/** The manifest. */
export interface FixtureManifest {
  readonly files: readonly FixtureEntry[];
}

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The download URL of an entry under `baseUrl`. */
export function rawUrl(entry: FixtureEntry, baseUrl: string = DEFAULT_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, "")}/${entry.repo}/${entry.commit}/${entry.upstreamPath}`;
}

/** Reads and checks the manifest's shape: every path stays inside the directory and matches its source. */
export function loadManifest(dir: string = FIXTURES_DIR): FixtureManifest {
  const file = path.join(dir, MANIFEST);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as FixtureManifest;
  if (!Array.isArray(manifest.files)) throw new Error(`${file}: "files" must be a list`);
  for (const e of manifest.files) {
    const name = e.repo?.split("/")[1];
    const expected = `${name}@${e.ref}/${e.upstreamPath}`;
    if (e.path !== expected || e.path.split("/").includes("..") || path.isAbsolute(e.path)) {
      throw new Error(`${file}: entry ${JSON.stringify(e.path)} must be ${JSON.stringify(expected)}`);
    }
    const refIsCommit = /^[0-9a-f]{7,40}$/.test(e.ref);
    if (!/^[0-9a-f]{40}$/.test(e.commit) || (refIsCommit && !e.commit.startsWith(e.ref)))
      throw new Error(
        `${file}: ${e.path}: commit ${JSON.stringify(e.commit)} is not a full commit of ${e.ref}`,
      );
    if (!/^[0-9a-f]{64}$/.test(e.sha256)) throw new Error(`${file}: ${e.path}: sha256 is not a SHA-256`);
    if (e.url !== rawUrl(e)) throw new Error(`${file}: ${e.path}: url must be ${rawUrl(e)}`);
  }
  return manifest;
}

function listFiles(dir: string, base: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join("/")];
  });
}

/** Offline check: one line per missing, altered or unlisted file; empty when all is well. */
export function checkFixtures(dir: string = FIXTURES_DIR): string[] {
  const manifest = loadManifest(dir);
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((e) => e.path));
  for (const e of manifest.files) {
    const file = path.join(dir, e.path);
    if (!existsSync(file)) {
      problems.push(`${e.path}: missing (run npm run fixtures:update)`);
      continue;
    }
    const actual = sha256(readFileSync(file));
    if (actual !== e.sha256) problems.push(`${e.path}: SHA-256 ${actual}, expected ${e.sha256} (${e.url})`);
  }
  for (const f of listFiles(dir)) {
    if (!listed.has(f) && !NOT_FIXTURES.includes(f)) problems.push(`${f}: not listed in ${MANIFEST}`);
  }
  return problems;
}

/** How `updateFixtures` downloads. */
export interface UpdateOptions {
  readonly baseUrl?: string;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/**
 * Downloads every listed file at its pinned commit and checks its SHA-256; only when every file matches are
 * they written. Returns one line per problem (a failed download, a different SHA-256); empty on success.
 */
export async function updateFixtures(
  dir: string = FIXTURES_DIR,
  options: UpdateOptions = {},
): Promise<string[]> {
  const manifest = loadManifest(dir);
  const get = options.fetch ?? fetch;
  const problems: string[] = [];
  const downloaded: [FixtureEntry, Uint8Array][] = [];
  for (const e of manifest.files) {
    const url = rawUrl(e, options.baseUrl);
    try {
      const res = await get(url);
      if (!res.ok) {
        problems.push(`${e.path}: GET ${url} answered ${res.status}`);
        continue;
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      const actual = sha256(bytes);
      if (actual !== e.sha256) {
        problems.push(
          `${e.path}: ${url} has SHA-256 ${actual}, expected ${e.sha256}: the pinned file changed`,
        );
        continue;
      }
      downloaded.push([e, bytes]);
    } catch (error) {
      problems.push(`${e.path}: GET ${url} failed: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) return problems;
  for (const [e, bytes] of downloaded) {
    const file = path.join(dir, e.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return [];
}

/** Command line: `[--check] [--base-url URL]`; returns the exit status. */
export async function main(
  argv: readonly string[],
  log: (line: string) => void = console.log,
): Promise<number> {
  let check = false;
  let baseUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") check = true;
    else if (a === "--base-url" && argv[i + 1] !== undefined) baseUrl = argv[++i];
    else {
      log(`unknown argument ${JSON.stringify(a)}; usage: upstream-fixtures [--check] [--base-url URL]`);
      return 2;
    }
  }
  const count = loadManifest().files.length;
  const problems = check ? checkFixtures() : await updateFixtures(FIXTURES_DIR, baseUrl ? { baseUrl } : {});
  for (const p of problems) log(p);
  if (problems.length > 0) {
    log(`${problems.length} problem(s) with the upstream fixtures${check ? "" : "; nothing was written"}`);
    return 1;
  }
  log(`${count} upstream fixtures ${check ? "match" : "downloaded and match"} ${MANIFEST}`);
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
