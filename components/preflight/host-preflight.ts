/**
 * The host preflight: what `npm run up` (and `preview`) needs on this machine, checked before any resource is
 * declared, so a missing tool is one plain message instead of a failure deep inside the deployment:
 * the container engine's CLI and daemon, `kind`, `kubectl`, and, when the stack is about to create the Kind
 * cluster, free host ports (or, with kind.create false, that the cluster exists). It reads the machine only
 * through a `Runner` and a port probe, so every branch is unit-tested with fakes.
 */
import * as net from "node:net";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config";
import type { ContainerEngine } from "../exec/kind-cli";
import { kindEnv, outputLines } from "../exec/kind-cli";
import { MIN_KIND_VERSION, kindVersionAtLeast, parseKindVersion } from "./kind-version";
import type { CheckState, PreflightCheck } from "./preflight-check";
import { checkMessages } from "./preflight-check";
import * as msg from "./preflight-messages";
import type { Runner } from "../exec/runner";
import { processRunner } from "../exec/runner";

/** Whether something already listens on a port: `unknown` when the probe cannot tell. */
export type PortState = "free" | "in-use" | "unknown";

/** Probes a host port (on `address`, default all addresses). */
export type PortProbe = (port: number, address?: string) => Promise<PortState>;

/** What the host preflight reads the machine with, and where it tells what the stack is about to do. */
export interface HostTools {
  readonly runner: Runner;
  readonly probePort: PortProbe;
  /** Receives the notes (e.g. "the stack creates the cluster"); the program logs them as Pulumi info. */
  readonly info: (note: string) => void;
}

/** What the host preflight needs to know from the config. */
export interface HostSpec {
  readonly engine: ContainerEngine;
  /** Kind cluster name. */
  readonly cluster: string;
  readonly kind: StackConfig["kind"];
}

/**
 * Findings: `errors` stop the program; `notes` tell what the stack is about to do; `checks` is every check with
 * its state, in the order they ran (what `npm run doctor` prints); `clusterExists` whether the Kind cluster does.
 */
export interface HostReport {
  readonly errors: readonly string[];
  readonly notes: readonly string[];
  readonly checks: readonly PreflightCheck[];
  readonly clusterExists: boolean;
}

/** The preflight found problems; one actionable message per line. A RunError: Pulumi prints no stack trace. */
export class PreflightError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(
      `preflight: ${problems.length === 1 ? "a problem stops" : `${problems.length} problems stop`} the ` +
        `deployment (nothing was created):\n  - ${problems.join("\n  - ")}\n` +
        "`npm run doctor` shows every check; see docs/operations.md, Troubleshooting. " +
        "maas-kind:preflight: false skips these checks.",
    );
    this.name = "PreflightError";
  }
}

/** `<engine> info` arguments printing whether the engine runs rootless. */
export function engineInfoArgs(engine: ContainerEngine): string[] {
  return engine === "podman"
    ? ["info", "--format", "{{.Host.Security.Rootless}}"]
    : ["info", "--format", "{{json .SecurityOptions}}"];
}

/** Reads `engineInfoArgs`' output: Podman prints `true`, Docker lists `name=rootless` among its options. */
export function isRootless(engine: ContainerEngine, infoOutput: string): boolean {
  return engine === "podman" ? infoOutput.trim() === "true" : /name=rootless/.test(infoOutput);
}

/** The first line of a command's output, for an `ok` check's detail. */
function firstLine(text: string): string {
  return outputLines(text)[0] ?? "";
}

/** Runs every host check and collects the findings. */
export async function checkHost(tools: HostTools, spec: HostSpec): Promise<HostReport> {
  const { runner } = tools;
  const checks: PreflightCheck[] = [];
  const notes: string[] = [];
  const add = (name: string, state: CheckState, detail: string) => checks.push({ name, state, detail });
  const done = (clusterExists = false): HostReport => ({
    errors: checkMessages(checks, "problem"),
    notes,
    checks,
    clusterExists,
  });
  const other: ContainerEngine = spec.engine === "docker" ? "podman" : "docker";
  const engineName = `${spec.engine} installed`;
  const kindName = `kind installed (≥ v${MIN_KIND_VERSION})`;
  const runningName = `${spec.engine} running`;
  const clusterName = `Kind cluster "${spec.cluster}"`;

  const engine = await runner.run(spec.engine, ["--version"]);
  if (engine.notFound) {
    const alt = await runner.run(other, ["--version"]);
    add(
      engineName,
      "problem",
      msg.engineMissing(spec.engine, !alt.notFound && alt.code === 0 ? other : undefined),
    );
  } else add(engineName, "ok", firstLine(engine.stdout) || "found on PATH");
  const kind = await runner.run("kind", ["version"]);
  if (kind.notFound) add(kindName, "problem", msg.kindMissing());
  else {
    const version = parseKindVersion(kind.stdout);
    if (version === undefined) {
      add(
        kindName,
        "skipped",
        `found on PATH, but \`kind version\` named no version (${msg.commandDetail(kind.stdout + kind.stderr)})`,
      );
    } else if (!kindVersionAtLeast(version)) {
      add(kindName, "problem", msg.kindTooOld(version.text, MIN_KIND_VERSION));
    } else add(kindName, "ok", `v${version.text}`);
  }
  const kubectl = await runner.run("kubectl", ["version", "--client"]);
  if (kubectl.notFound) add("kubectl installed", "problem", msg.kubectlMissing());
  else add("kubectl installed", "ok", firstLine(kubectl.stdout) || "found on PATH");

  const skipRest = (why: string, from: "running" | "cluster") => {
    if (from === "running") add(runningName, "skipped", why);
    add(clusterName, "skipped", why);
  };
  if (engine.notFound) {
    skipRest(`${spec.engine} is not installed`, "running");
    return done();
  }
  const info = await runner.run(spec.engine, engineInfoArgs(spec.engine));
  if (info.code !== 0) {
    add(runningName, "problem", msg.engineNotRunning(spec.engine, msg.commandDetail(info.stderr)));
    skipRest(`${spec.engine} is not running`, "cluster");
    return done();
  }
  const rootless = isRootless(spec.engine, info.stdout);
  add(runningName, "ok", rootless ? "running, rootless" : "running");
  if (kind.notFound) {
    skipRest("kind is not installed", "cluster");
    return done();
  }

  const list = await runner.run("kind", ["get", "clusters"], { env: kindEnv(spec.engine) });
  if (list.code !== 0) {
    add(clusterName, "problem", msg.kindFailed(spec.engine, msg.commandDetail(list.stderr)));
    return done();
  }
  const clusters = outputLines(list.stdout);
  if (clusters.includes(spec.cluster)) {
    const note = spec.kind.create
      ? // The host cannot tell whether this stack created the cluster (its state can): say only what is known.
        `Kind cluster "${spec.cluster}" exists: the stack uses it as it is; destroy deletes it only if this ` +
        `stack created it (a cluster it adopted is never deleted).`
      : `Kind cluster "${spec.cluster}" exists (kind.create: false): the stack uses it as it is.`;
    notes.push(note);
    add(clusterName, "ok", note);
    return done(true);
  }
  if (!spec.kind.create) {
    add(clusterName, "problem", msg.clusterMissing(spec.cluster, clusters, spec.engine));
    return done();
  }
  const note =
    `Kind cluster "${spec.cluster}" does not exist: the stack creates it (gateway on host ports ` +
    `${spec.kind.httpPort}/${spec.kind.httpsPort}) and deletes it on destroy.`;
  notes.push(note);
  add(clusterName, "ok", note);
  const ports: [number, string][] = [
    [spec.kind.httpPort, "kind.httpPort"],
    [spec.kind.httpsPort, "kind.httpsPort"],
  ];
  for (const [port, key] of ports) {
    const name = `host port ${port} (${key}) free`;
    if (rootless && port < 1024) add(name, "problem", msg.privilegedPort(spec.engine, port, key));
    else {
      const state = await tools.probePort(port, spec.kind.listenAddress);
      if (state === "in-use") add(name, "problem", msg.portInUse(port, key));
      else if (state === "free")
        add(name, "ok", `free${spec.kind.listenAddress ? ` on ${spec.kind.listenAddress}` : ""}`);
      else add(name, "skipped", "the probe could not tell whether it is free");
    }
  }
  return done();
}

/** The host part of the stack config. */
export function hostSpec(config: StackConfig): HostSpec {
  return { engine: config.cluster.containerEngine, cluster: config.cluster.name, kind: config.kind };
}

/**
 * The program's host preflight: runs the checks unless `preflight` is off, logs what the stack is about to do
 * with the cluster, and throws one PreflightError listing every problem.
 */
export async function hostPreflight(config: StackConfig, tools: HostTools): Promise<HostReport> {
  if (!config.preflight) return { errors: [], notes: [], checks: [], clusterExists: false };
  const report = await checkHost(tools, hostSpec(config));
  if (report.errors.length > 0) throw new PreflightError(report.errors);
  for (const note of report.notes) tools.info(note);
  return report;
}

/**
 * Whether a TCP port is taken: try to listen on it; if this user may not (a port below 1024), try to connect
 * to it instead. `unknown` when neither tells.
 */
export const probePort: PortProbe = (port, address) => {
  return new Promise<PortState>((resolve) => {
    const server = net.createServer();
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") resolve("in-use");
      else if (e.code === "EACCES") void connectProbe(port, address).then(resolve);
      else resolve("unknown");
    });
    server.listen({ port, host: address ?? "0.0.0.0", exclusive: true }, () => {
      server.close(() => resolve("free"));
    });
  });
};

/** Whether something accepts connections on the port: `in-use` if it does, `free` if refused. */
export function connectProbe(port: number, address?: string, timeoutMs = 1000): Promise<PortState> {
  const host = address === undefined || address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
  return new Promise<PortState>((resolve) => {
    const socket = net.connect({ port, host });
    const done = (state: PortState) => {
      socket.destroy();
      resolve(state);
    };
    socket.setTimeout(timeoutMs, () => done("unknown"));
    socket.once("connect", () => done("in-use"));
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED" ? "free" : "unknown"));
  });
}

/** The real machine: the process runner and the port probe. */
export function liveHostTools(): HostTools {
  return { runner: processRunner(), probePort, info: (note) => void pulumi.log.info(note) };
}
