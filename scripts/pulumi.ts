/**
 * `npm run up | preview | destroy | refresh | outputs`: runs the Pulumi CLI (a `pulumi` on PATH, else the one
 * the `pulumi` npm package downloads, see pulumi-cli.ts) against a local file backend inside this repository,
 * so no Pulumi Cloud account is needed, and selects (creating it if missing) the stack: `--stack <name>` after
 * `--`, else PULUMI_STACK, else `dev`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { DownloadIo } from "./pulumi-cli";
import { PulumiDownloadError, findPulumiCli, pulumiOnPath, pulumiVersion } from "./pulumi-cli";

/** Passphrase used for the local stack's secrets when the user sets none. Documented in the README. */
export const DEFAULT_PASSPHRASE = "maas-kind-local";
export const DEFAULT_STACK = "dev";

/** What `npm run <command>` maps to, beyond the stack selection. */
const COMMANDS: Record<string, string[]> = {
  up: ["up", "--yes"],
  preview: ["preview"],
  destroy: ["destroy", "--yes"],
  refresh: ["refresh", "--yes"],
  outputs: ["stack", "output", "--json"],
};

export interface Plan {
  /** Environment for every Pulumi invocation. */
  readonly env: NodeJS.ProcessEnv;
  /** Directory the file backend keeps its state in (created if missing). */
  readonly stateDir: string | undefined;
  /** Pulumi CLI argument lists, run in order; the first failure stops the rest. */
  readonly steps: readonly (readonly string[])[];
  /** Lines worth telling the user before running. */
  readonly notes: readonly string[];
}

/** Takes `--stack <name>`, `--stack=<name>` or `-s <name>` out of the extra flags: the stack is selected first. */
export function takeStack(extra: readonly string[]): { stack: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let stack: string | undefined;
  for (let i = 0; i < extra.length; i++) {
    const arg = extra[i]!;
    if (arg === "--stack" || arg === "-s") {
      stack = extra[i + 1];
      if (stack === undefined || stack.startsWith("-"))
        throw new Error(`${arg} needs a stack name, e.g. ${arg} bare`);
      i++;
    } else if (arg.startsWith("--stack=")) {
      stack = arg.slice("--stack=".length);
      if (stack === "") throw new Error(`--stack= needs a stack name, e.g. --stack=bare`);
    } else rest.push(arg);
  }
  return { stack, rest };
}

/** Works out what to run; pure, so it is unit-tested without the CLI. */
export function plan(argv: readonly string[], env: NodeJS.ProcessEnv, repoRoot: string): Plan {
  const [command, ...flags] = argv;
  if (command === undefined || !(command in COMMANDS)) {
    throw new Error(
      `usage: scripts/pulumi.ts <${Object.keys(COMMANDS).join("|")}> [--stack <name>] [pulumi flags...] (got ${command ?? "nothing"})`,
    );
  }
  const notes: string[] = [];
  const out: NodeJS.ProcessEnv = { ...env };
  let stateDir: string | undefined;
  if (!out.PULUMI_BACKEND_URL) {
    stateDir = path.join(repoRoot, ".pulumi");
    out.PULUMI_BACKEND_URL = pathToFileURL(stateDir).href;
    notes.push(`state: local file backend in ${stateDir} (set PULUMI_BACKEND_URL to use another)`);
  }
  if (!out.PULUMI_CONFIG_PASSPHRASE && !out.PULUMI_CONFIG_PASSPHRASE_FILE) {
    out.PULUMI_CONFIG_PASSPHRASE = DEFAULT_PASSPHRASE;
    notes.push(
      `secrets: encrypted with the default local passphrase (set PULUMI_CONFIG_PASSPHRASE to choose your own)`,
    );
  }
  out.PULUMI_SKIP_UPDATE_CHECK ??= "true";
  const { stack: flagStack, rest: extra } = takeStack(flags);
  const stack = flagStack || out.PULUMI_STACK || DEFAULT_STACK;
  const select =
    command === "up" || command === "preview"
      ? ["stack", "select", stack, "--create"]
      : ["stack", "select", stack];
  const main = [...(COMMANDS[command] as string[]), "--stack", stack, ...extra];
  return { env: out, stateDir, steps: [select, main], notes };
}

/** The `pulumi` npm package's launcher (downloads the CLI on first use); the fallback of pulumiCommand. */
export function pulumiBin(repoRoot: string): string {
  return path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "pulumi.cmd" : "pulumi");
}

/** A synchronous choice for callers that run the CLI themselves: `pulumi` on PATH, else the npm launcher. */
export function pulumiCommand(env: NodeJS.ProcessEnv, repoRoot: string): string {
  return pulumiOnPath(env.PATH) ?? pulumiBin(repoRoot);
}

/** Runs `argv` (`up`, `preview`, …); returns the exit code. `io` replaces the download (tests). */
export async function run(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  repoRoot: string,
  io: DownloadIo = {},
  log: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  let p: Plan;
  try {
    p = plan(argv, env, repoRoot);
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  let bin: string;
  const stepEnv: NodeJS.ProcessEnv = { ...p.env };
  try {
    const cli = await findPulumiCli(p.env, io);
    bin = cli.bin;
    if (cli.pathPrepend.length > 0)
      stepEnv.PATH = [...cli.pathPrepend, p.env.PATH ?? ""].join(path.delimiter);
    const how = cli.source === "path" ? "found on PATH" : "the `pulumi` npm package's download";
    log(`maas-kind: pulumi CLI: ${bin} (${pulumiVersion(bin, stepEnv)}, ${how})`);
  } catch (err) {
    log(`maas-kind: ${err instanceof PulumiDownloadError ? err.message : (err as Error).message}`);
    return 1;
  }
  if (p.stateDir) mkdirSync(p.stateDir, { recursive: true });
  for (const note of p.notes) log(`maas-kind: ${note}`);
  for (const step of p.steps) {
    const r = spawnSync(bin, step, { stdio: "inherit", env: stepEnv, cwd: repoRoot });
    if (r.error) {
      log(`maas-kind: could not run ${bin}: ${r.error.message}`);
      return 1;
    }
    if (r.status !== 0) return r.status ?? 1;
  }
  return 0;
}

if (require.main === module) {
  void run(process.argv.slice(2), process.env, path.resolve(__dirname, "..")).then((code) =>
    process.exit(code),
  );
}
