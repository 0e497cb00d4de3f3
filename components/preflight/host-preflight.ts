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

/** Findings: `errors` stop the program; `notes` tell what the stack is about to do. */
export interface HostReport {
  readonly errors: readonly string[];
  readonly notes: readonly string[];
}

/** The preflight found problems; one actionable message per line. A RunError: Pulumi prints no stack trace. */
export class PreflightError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(
      `preflight: ${problems.length === 1 ? "a problem stops" : `${problems.length} problems stop`} the ` +
        `deployment (nothing was created):\n  - ${problems.join("\n  - ")}\n` +
        `See the README's Troubleshooting section; maas-kind:preflight: false skips these checks.`,
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

/** Runs every host check and collects the findings. */
export async function checkHost(tools: HostTools, spec: HostSpec): Promise<HostReport> {
  const { runner } = tools;
  const errors: string[] = [];
  const notes: string[] = [];
  const other: ContainerEngine = spec.engine === "docker" ? "podman" : "docker";

  const engine = await runner.run(spec.engine, ["--version"]);
  if (engine.notFound) {
    const alt = await runner.run(other, ["--version"]);
    errors.push(msg.engineMissing(spec.engine, !alt.notFound && alt.code === 0 ? other : undefined));
  }
  const kind = await runner.run("kind", ["version"]);
  if (kind.notFound) errors.push(msg.kindMissing());
  const kubectl = await runner.run("kubectl", ["version", "--client"]);
  if (kubectl.notFound) errors.push(msg.kubectlMissing());

  if (engine.notFound) return { errors, notes };
  const info = await runner.run(spec.engine, engineInfoArgs(spec.engine));
  if (info.code !== 0) {
    errors.push(msg.engineNotRunning(spec.engine, msg.commandDetail(info.stderr)));
    return { errors, notes };
  }
  if (kind.notFound) return { errors, notes };

  const list = await runner.run("kind", ["get", "clusters"], { env: kindEnv(spec.engine) });
  if (list.code !== 0) {
    errors.push(msg.kindFailed(spec.engine, msg.commandDetail(list.stderr)));
    return { errors, notes };
  }
  const clusters = outputLines(list.stdout);
  if (clusters.includes(spec.cluster)) {
    notes.push(
      spec.kind.create
        ? // The host cannot tell whether this stack created the cluster (its state can): say only what is known.
          `Kind cluster "${spec.cluster}" exists: the stack uses it as it is; destroy deletes it only if this ` +
            `stack created it (a cluster it adopted is never deleted).`
        : `Kind cluster "${spec.cluster}" exists (kind.create: false): the stack uses it as it is.`,
    );
    return { errors, notes };
  }
  if (!spec.kind.create) {
    errors.push(msg.clusterMissing(spec.cluster, clusters, spec.engine));
    return { errors, notes };
  }
  notes.push(
    `Kind cluster "${spec.cluster}" does not exist: the stack creates it (gateway on host ports ` +
      `${spec.kind.httpPort}/${spec.kind.httpsPort}) and deletes it on destroy.`,
  );
  const rootless = isRootless(spec.engine, info.stdout);
  const ports: [number, string][] = [
    [spec.kind.httpPort, "kind.httpPort"],
    [spec.kind.httpsPort, "kind.httpsPort"],
  ];
  for (const [port, key] of ports) {
    if (rootless && port < 1024) errors.push(msg.privilegedPort(spec.engine, port, key));
    else if ((await tools.probePort(port, spec.kind.listenAddress)) === "in-use") {
      errors.push(msg.portInUse(port, key));
    }
  }
  return { errors, notes };
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
  if (!config.preflight) return { errors: [], notes: [] };
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
