/**
 * `npm run up | preview | destroy | refresh | outputs`: runs the Pulumi CLI (installed by the `pulumi`
 * npm package) against a local file backend inside this repository, so no Pulumi Cloud account is
 * needed, and selects (creating it if missing) the stack, `dev` unless PULUMI_STACK says otherwise.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

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

/** Works out what to run; pure, so it is unit-tested without the CLI. */
export function plan(argv: readonly string[], env: NodeJS.ProcessEnv, repoRoot: string): Plan {
  const [command, ...extra] = argv;
  if (command === undefined || !(command in COMMANDS)) {
    throw new Error(
      `usage: scripts/pulumi.ts <${Object.keys(COMMANDS).join("|")}> [pulumi flags...] (got ${command ?? "nothing"})`,
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
  const stack = out.PULUMI_STACK || DEFAULT_STACK;
  const select =
    command === "up" || command === "preview"
      ? ["stack", "select", stack, "--create"]
      : ["stack", "select", stack];
  const main = [...(COMMANDS[command] as string[]), "--stack", stack, ...extra];
  return { env: out, stateDir, steps: [select, main], notes };
}

/** The Pulumi CLI the `pulumi` npm package installs. */
export function pulumiBin(repoRoot: string): string {
  return path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "pulumi.cmd" : "pulumi");
}

function main(): number {
  const repoRoot = path.resolve(__dirname, "..");
  let p: Plan;
  try {
    p = plan(process.argv.slice(2), process.env, repoRoot);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (p.stateDir) mkdirSync(p.stateDir, { recursive: true });
  for (const note of p.notes) console.error(`maas-kind: ${note}`);
  const bin = pulumiBin(repoRoot);
  for (const step of p.steps) {
    const r = spawnSync(bin, step, { stdio: "inherit", env: p.env, cwd: repoRoot });
    if (r.error) {
      console.error(`maas-kind: could not run ${bin}: ${r.error.message}. Did you run \`npm install\`?`);
      return 1;
    }
    if (r.status !== 0) return r.status ?? 1;
  }
  return 0;
}

if (require.main === module) process.exit(main());
