/**
 * `npm run doctor [-- --stack <name>]`: the preflight without Pulumi. Reads the stack's configuration the way the
 * program does (Pulumi.yaml's defaults under Pulumi.<stack>.yaml, validated by parseStackConfig), then runs the
 * host checks and, when the Kind cluster exists, the cluster checks, with the very functions and messages
 * `npm run up` uses (components/preflight/), and prints every check with its state and, for a problem, its fix.
 * It also says which Pulumi CLI `up` would run. Exit code: 0 when nothing stops `up`, 1 otherwise, 2 for bad
 * arguments. Runs every check even when the stack sets `preflight: false`.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { StackConfig } from "../components/config/stack-config";
import { parseStackConfig } from "../components/config/stack-config";
import { kindContext } from "../components/exec/kind-cli";
import type { Runner } from "../components/exec/runner";
import { processRunner } from "../components/exec/runner";
import { readKubeconfig } from "../components/cluster/kind-cluster-instance";
import { checkCluster, clusterCheckSpec } from "../components/preflight/cluster-preflight";
import type { PortProbe, RegistryProbe } from "../components/preflight/host-preflight";
import { checkHost, hostSpec, probePort, probeRegistry } from "../components/preflight/host-preflight";
import type { CheckState, PreflightCheck } from "../components/preflight/preflight-check";
import { NPM_PULUMI_VERSION, npmCacheBin, pulumiOnPath, pulumiVersion } from "./pulumi-cli";
import { DEFAULT_STACK, takeStack } from "./pulumi";
import { readStackConfigMap } from "./stack-file";

/** How the doctor reads the machine; the tests pass fakes. */
export interface DoctorTools {
  readonly runner: Runner;
  readonly probePort: PortProbe;
  readonly probeRegistry: RegistryProbe;
}

/** A titled group of checks, as printed. */
export interface CheckGroup {
  readonly title: string;
  readonly checks: readonly PreflightCheck[];
}

const LABEL: Record<CheckState, string> = {
  ok: "ok",
  problem: "PROBLEM",
  warning: "warning",
  skipped: "skipped",
};

/** `text` in lines of at most `width` characters (a longer word stays whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

const INDENT = " ".repeat(11);
const WIDTH = 110;

/** `n thing` / `n things`. */
function count(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? "" : "s"}`;
}

/**
 * The lines printed for the groups: each check's state and name, below it what was found (ok), its message with
 * the fix (problem, warning) or why it did not run (skipped); then the verdict.
 */
export function renderChecks(groups: readonly CheckGroup[]): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(group.title);
    for (const c of group.checks) {
      lines.push(`  ${LABEL[c.state].padEnd(8)} ${c.name}`);
      lines.push(...wrap(c.detail, WIDTH - INDENT.length).map((l) => INDENT + l));
    }
  }
  const all = groups.flatMap((g) => g.checks);
  const problems = all.filter((c) => c.state === "problem").length;
  const warnings = all.filter((c) => c.state === "warning").length;
  lines.push(
    problems > 0
      ? `${count(problems, "problem")} ${problems === 1 ? "stops" : "stop"} \`npm run up\`` +
          (warnings > 0 ? ` (and ${count(warnings, "warning")})` : "") +
          ": fix each as its message says, then run `npm run doctor` again."
      : `nothing stops \`npm run up\`${warnings > 0 ? ` (${count(warnings, "warning")} above)` : ""}.`,
  );
  return lines;
}

/** Which Pulumi CLI `npm run up` would run, without downloading anything. */
export function pulumiCheck(env: NodeJS.ProcessEnv): PreflightCheck {
  const name = "Pulumi CLI";
  const onPath = pulumiOnPath(env.PATH);
  if (onPath) return { name, state: "ok", detail: `${onPath} (${pulumiVersion(onPath, env)}, on PATH)` };
  const version = env.PULUMI_VERSION || NPM_PULUMI_VERSION;
  const cached = npmCacheBin(version);
  if (existsSync(cached))
    return { name, state: "ok", detail: `${cached} (the npm package's copy of v${version})` };
  return {
    name,
    state: "warning",
    detail:
      `not installed yet: \`npm run up\` downloads v${version} from https://get.pulumi.com into ` +
      `${path.dirname(path.dirname(cached))}. Offline, put a \`pulumi\` on PATH first ` +
      `(see docs/operations.md, "The Pulumi CLI").`,
  };
}

/** The cluster checks' target: kind's own kubeconfig for a stack-managed cluster, else the configured context. */
async function clusterGroup(config: StackConfig, stack: string, tools: DoctorTools): Promise<CheckGroup> {
  const title = `cluster (${config.kind.create ? kindContext(config.cluster.name) : config.cluster.context})`;
  let kubeconfig = config.cluster.kubeconfig;
  let context = config.cluster.context;
  if (config.kind.create) {
    try {
      kubeconfig = await readKubeconfig(tools.runner, config.cluster.name, config.cluster.containerEngine);
      context = kindContext(config.cluster.name);
    } catch (err) {
      return {
        title,
        checks: [
          { name: "kubeconfig of the Kind cluster", state: "problem", detail: (err as Error).message },
        ],
      };
    }
  }
  const report = await checkCluster(
    tools.runner,
    clusterCheckSpec(
      config,
      { name: config.cluster.name, context, ...(kubeconfig !== undefined ? { kubeconfig } : {}) },
      stack,
    ),
  );
  return { title, checks: report.checks };
}

/** Runs the doctor; returns the exit code. */
export async function doctor(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  repoRoot: string,
  tools: DoctorTools,
  log: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  let stack: string;
  try {
    const { stack: flag, rest } = takeStack(argv.filter((a) => a !== "--"));
    if (rest.length > 0)
      throw new Error(`unknown argument ${rest[0]}; usage: npm run doctor [-- --stack <name>]`);
    stack = flag || env.PULUMI_STACK || DEFAULT_STACK;
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  let config: StackConfig;
  try {
    config = parseStackConfig(readStackConfigMap(repoRoot, stack), env);
  } catch (err) {
    log(`maas-kind doctor: stack ${stack}: the configuration cannot be used, so nothing else was checked:`);
    log(`  ${(err as Error).message.split("\n").join("\n  ")}`);
    return 1;
  }
  log(
    `maas-kind doctor: stack ${stack}: Kind cluster "${config.cluster.name}" (kind.create: ${config.kind.create}), ` +
      `engine ${config.cluster.containerEngine}, workload ${config.workload}` +
      (config.preflight ? "" : " (preflight: false: `up` skips these checks)"),
  );
  const host = await checkHost({ ...tools, info: () => undefined }, hostSpec(config));
  const groups: CheckGroup[] = [{ title: "this machine", checks: [pulumiCheck(env), ...host.checks] }];
  // Without Kind (kind.create false, registry delivery) the configured context is the cluster: check it as it is.
  const kindless = !config.kind.create && config.image.delivery === "registry";
  if (host.clusterExists || kindless) groups.push(await clusterGroup(config, stack, tools));
  else {
    const known = host.checks.some((c) => c.name.startsWith("Kind cluster") && c.state === "ok");
    const detail = !known
      ? "whether the Kind cluster exists could not be checked (see above)"
      : `the Kind cluster "${config.cluster.name}" does not exist yet: \`npm run up\` creates it and checks it then`;
    groups.push({ title: "cluster", checks: [{ name: "cluster checks", state: "skipped", detail }] });
  }
  for (const line of renderChecks(groups)) log(line);
  return groups.some((g) => g.checks.some((c) => c.state === "problem")) ? 1 : 0;
}

if (require.main === module) {
  void doctor(process.argv.slice(2), process.env, path.resolve(__dirname, ".."), {
    runner: processRunner(),
    probePort,
    probeRegistry,
  }).then((code) => process.exit(code));
}
