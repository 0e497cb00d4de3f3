/**
 * Which Pulumi CLI `npm run up | preview | destroy | refresh | outputs` runs: a `pulumi` already on PATH when
 * there is one (the npm package's own `node_modules/.bin/pulumi` shim excepted), otherwise the one the `pulumi`
 * npm package (a devDependency) keeps in its cache, downloading it first if needed. A failed download is one
 * error that says what was tried (URL, cache directory, cause) and how to get the CLI another way.
 *
 * How the npm package downloads (pulumi@3.265.0, the version package.json pins): lib/resolve.js looks for
 * `<cacheDir>/bin/pulumi` and otherwise calls lib/download.js `installCLI(version, root)`, which fetches the
 * official install script (https://get.pulumi.com/install.sh, `INSTALL_SH_URL`; install.ps1 on Windows) and
 * runs it with `--install-root <cacheDir> --version <version>`; lib/cache.js puts `<cacheDir>` at
 * `$PULUMI_HOME/versions/<version>` (PULUMI_HOME defaulting to ~/.pulumi). Both IO steps of `installCLI` are
 * injectable (`fetchText`, `execScript`), which is how this file records the URL and how the tests fail it.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import * as path from "node:path";

/** lib/download.js of the `pulumi` npm package. */
interface NpmDownload {
  installCLI(
    version: string,
    root: string,
    io?: {
      fetchText?: (url: string) => Promise<string>;
      execScript?: (file: string, args: string[]) => void;
    },
  ): Promise<void>;
}
/** lib/resolve.js of the `pulumi` npm package. */
interface NpmResolve {
  resolve(opts: {
    version: string;
    install: (version: string, root: string) => Promise<void>;
  }): Promise<string>;
}
/** lib/cache.js of the `pulumi` npm package. */
interface NpmCache {
  cacheDir(version: string): string;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the `pulumi` npm package is CommonJS without types */
const npmDownload = require("pulumi/lib/download") as NpmDownload;
const npmResolve = require("pulumi/lib/resolve") as NpmResolve;
const npmCache = require("pulumi/lib/cache") as NpmCache;
/** The CLI version the `pulumi` devDependency downloads (its package version, as lib/resolve.js uses it). */
export const NPM_PULUMI_VERSION = (require("pulumi/package.json") as { version: string }).version;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The Pulumi CLI chosen for this run. */
export interface PulumiCli {
  /** Absolute path of the executable. */
  readonly bin: string;
  /** `path`: found on PATH; `npm`: the `pulumi` npm package's cached or freshly downloaded copy. */
  readonly source: "path" | "npm";
  /** Directories to put first on PATH for the CLI's own children (language hosts installed beside it). */
  readonly pathPrepend: readonly string[];
}

/** How the npm package's download is done; the tests replace both to fail it or to install a fake CLI. */
export interface DownloadIo {
  /** Fetches the install script's text; the default is the package's own (global fetch, non-2xx throws). */
  readonly fetchText?: (url: string) => Promise<string>;
  /** Runs the install script; the default is the package's own (`/bin/sh script args…`, output inherited). */
  readonly execScript?: (file: string, args: string[]) => void;
}

/** A failed download of the Pulumi CLI, with everything the user needs to get it another way. */
export class PulumiDownloadError extends Error {
  constructor(
    /** The CLI version that was to be installed. */
    readonly version: string,
    /** The URLs fetched, in order (the install script's; the script itself fetches the release archive). */
    readonly tried: readonly string[],
    /** Where the CLI was to be installed (`<cacheDir>/bin/pulumi`). */
    readonly cacheDir: string,
    /** Why it failed, the causes of a `fetch failed` included. */
    readonly cause: string,
  ) {
    super(downloadFailureText(version, tried, cacheDir, cause));
    this.name = "PulumiDownloadError";
  }
}

const EXE = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd", "pulumi"] : ["pulumi"];

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** True for the `pulumi` npm package's launcher (`node_modules/.bin/pulumi` → `node_modules/pulumi/run.js`). */
export function isNpmLauncher(file: string): boolean {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    // keep the path itself
  }
  const inBin = (p: string) =>
    path.basename(path.dirname(p)) === ".bin" &&
    path.basename(path.dirname(path.dirname(p))) === "node_modules";
  const isRunJs = path.basename(real) === "run.js" && path.basename(path.dirname(real)) === "pulumi";
  return isRunJs || inBin(file) || inBin(real);
}

/** The first `pulumi` executable on `pathVar` that is not the npm package's launcher, if any. */
export function pulumiOnPath(pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    for (const name of EXE) {
      const file = path.resolve(dir, name);
      if (isExecutableFile(file) && !isNpmLauncher(file)) return file;
    }
  }
  return undefined;
}

/** Where the npm package keeps (or would put) CLI `version`: `$PULUMI_HOME/versions/<version>/bin/pulumi`. */
export function npmCacheBin(version: string = NPM_PULUMI_VERSION): string {
  return path.join(npmCache.cacheDir(version), "bin", process.platform === "win32" ? "pulumi.exe" : "pulumi");
}

/** `pulumi version` of `bin` (e.g. `v3.265.0`), or why it could not be read. */
export function pulumiVersion(bin: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(bin, ["version"], { env, encoding: "utf8", timeout: 30_000 });
  if (r.error) return `version unknown: ${r.error.message}`;
  const out = (r.stdout ?? "").trim();
  return r.status === 0 && out !== ""
    ? out
    : `version unknown: \`pulumi version\` exited ${r.status ?? "by signal"}`;
}

/** An error and its `cause` chain as one line (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`). */
export function describeCause(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const text = e instanceof Error ? e.message : String(e);
    if (text !== "" && !parts.includes(text)) parts.push(text);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}

/** The release archive's name for this machine, as published on the Pulumi release pages. */
export function releaseArchive(version: string, platform: string, arch: string): string {
  const osName = platform === "win32" ? "windows" : platform;
  return `pulumi-v${version}-${osName}-${arch}.${platform === "win32" ? "zip" : "tar.gz"}`;
}

/** What a failed download prints: what was tried, and every other way to get the CLI. */
export function downloadFailureText(
  version: string,
  tried: readonly string[],
  cacheDir: string,
  cause: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const archive = releaseArchive(version, platform, arch);
  return [
    `no \`pulumi\` on PATH, and downloading the Pulumi CLI v${version} (the \`pulumi\` npm package's installer) failed.`,
    `  tried:     ${tried.length > 0 ? tried.join(", ") : "nothing was fetched"}`,
    `  cache dir: ${cacheDir} (from PULUMI_HOME, default ~/.pulumi)`,
    `  cause:     ${cause}`,
    `Get the CLI another way, then run the command again:`,
    `  - the install script on a machine that reaches get.pulumi.com: curl -fsSL https://get.pulumi.com | sh`,
    `    (installs into ~/.pulumi/bin; put that directory on PATH)`,
    `  - a package manager: brew install pulumi/tap/pulumi (macOS, Linux), choco install pulumi (Windows)`,
    `  - by hand: download ${archive} from https://github.com/pulumi/pulumi/releases/tag/v${version},`,
    `    unpack it and put its pulumi/ directory on PATH, or copy that directory's files into ${path.join(cacheDir, "bin")}`,
    `    (where this script looks before downloading; set PULUMI_HOME to move it)`,
    `Any \`pulumi\` on PATH is used as it is, whatever its version.`,
  ].join("\n");
}

/** Fetches the install script (global fetch; a non-2xx answer is an error naming its status). */
export async function fetchInstallScript(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText} fetching ${url}`);
  return res.text();
}

/**
 * The npm package's CLI: its cached copy, else downloaded (printing `Downloading pulumi v…` first), as its own
 * launcher would do it, but a failure throws a PulumiDownloadError instead of `pulumi: fetch failed`.
 */
export async function npmPulumi(version: string = NPM_PULUMI_VERSION, io: DownloadIo = {}): Promise<string> {
  const tried: string[] = [];
  const fetchText = io.fetchText;
  const install = (v: string, root: string) =>
    npmDownload.installCLI(v, root, {
      fetchText: (url: string) => {
        tried.push(url);
        return (fetchText ?? fetchInstallScript)(url);
      },
      ...(io.execScript ? { execScript: io.execScript } : {}),
    });
  try {
    return await npmResolve.resolve({ version, install });
  } catch (err) {
    throw new PulumiDownloadError(version, tried, npmCache.cacheDir(version), describeCause(err));
  }
}

/** The CLI to run: `pulumi` on the PATH of `env` when there is one, else the npm package's (see npmPulumi). */
export async function findPulumiCli(env: NodeJS.ProcessEnv, io: DownloadIo = {}): Promise<PulumiCli> {
  const onPath = pulumiOnPath(env.PATH);
  if (onPath) return { bin: onPath, source: "path", pathPrepend: [] };
  const bin = await npmPulumi(env.PULUMI_VERSION || NPM_PULUMI_VERSION, io);
  return { bin, source: "npm", pathPrepend: [path.dirname(bin)] };
}
