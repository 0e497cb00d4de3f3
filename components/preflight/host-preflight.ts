/**
 * The host preflight: what `npm run up` (and `preview`) needs on this machine, checked before any resource is
 * declared, so a missing tool is one plain message instead of a failure deep inside the deployment:
 * the container engine's CLI and daemon, `kind`, `kubectl`, and, when the stack is about to create the Kind
 * cluster, free host ports (or, with kind.create false, that the cluster exists). With kind.create false and
 * registry delivery no kind is involved: no kind check runs, and the registry must answer instead. A
 * configured imagePlatform foreign to the engine must be buildable (BuildKit's platforms, QEMU binfmt). It
 * reads the machine only through a `Runner`, a port probe and a registry probe, so every branch is unit-tested
 * with fakes.
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

/** Whether a registry answers: undefined if it does, else what went wrong. */
export type RegistryProbe = (server: string) => Promise<string | undefined>;

/** What the host preflight reads the machine with, and where it tells what the stack is about to do. */
export interface HostTools {
  readonly runner: Runner;
  readonly probePort: PortProbe;
  readonly probeRegistry: RegistryProbe;
  /** Receives the notes (e.g. "the stack creates the cluster"); the program logs them as Pulumi info. */
  readonly info: (note: string) => void;
}

/** What the host preflight needs to know from the config. */
export interface HostSpec {
  readonly engine: ContainerEngine;
  /** Kind cluster name. */
  readonly cluster: string;
  readonly kind: StackConfig["kind"];
  /** `kind`: the image is loaded with kind; `registry`: pushed to `registry`. */
  readonly delivery: StackConfig["image"]["delivery"];
  /** Registry host[:port] (registry delivery). */
  readonly registry?: string | undefined;
  /** The one platform the image is built for; undefined → the engine's own. */
  readonly platform?: string | undefined;
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
  // kind creates or adopts the cluster, and loads the image; with neither, it is not needed at all.
  const usesKind = spec.kind.create || spec.delivery === "kind";
  const kind = usesKind ? await runner.run("kind", ["version"]) : undefined;
  if (kind === undefined)
    add(kindName, "skipped", "not needed: kind.create: false and imageDelivery: registry");
  else if (kind.notFound) add(kindName, "problem", msg.kindMissing());
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
  if (spec.platform !== undefined) {
    const problem = await platformProblem(runner, spec.engine, spec.platform);
    add(
      `image platform ${spec.platform} buildable`,
      problem === undefined ? "ok" : "problem",
      problem ?? "the engine builds it (its own platform, or BuildKit / QEMU emulation)",
    );
  }
  if (spec.delivery === "registry" && spec.registry !== undefined) {
    const problem = await tools.probeRegistry(spec.registry);
    add(
      `registry ${spec.registry} answers`,
      problem === undefined ? "ok" : "problem",
      problem === undefined
        ? "its Registry API (/v2/) answers"
        : msg.registryUnreachable(spec.registry, problem),
    );
  }
  if (kind === undefined) {
    const note =
      `No Kind (kind.create: false, imageDelivery: registry): the stack runs no kind command, pushes the ` +
      `image to ${spec.registry ?? "the registry"} and uses the configured context as it is.`;
    notes.push(note);
    add(clusterName, "skipped", note);
    return done();
  }
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
  return {
    engine: config.cluster.containerEngine,
    cluster: config.cluster.name,
    kind: config.kind,
    delivery: config.image.delivery,
    registry: config.registry?.server,
    platform: config.image.platform,
  };
}

/** `<engine>` arguments printing the engine's own platform as `os/arch` (Go's names, as image platforms use). */
export function enginePlatformArgs(engine: ContainerEngine): string[] {
  return engine === "podman"
    ? ["info", "--format", "{{.Host.OS}}/{{.Host.Arch}}"]
    : ["version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"];
}

/** `os/arch` of a platform, without its variant (`linux/arm64/v8` → `linux/arm64`). */
export function osArch(platform: string): string {
  return platform.trim().split("/").slice(0, 2).join("/");
}

/** The platforms `docker buildx ls` lists (its builders' PLATFORMS column), as `os/arch`. */
export function buildxPlatforms(output: string): string[] {
  const found = output.match(/\b(?:linux|windows|freebsd|darwin)\/[a-z0-9_]+(?:\/v?\d+)?/g) ?? [];
  return [...new Set(found.map(osArch))];
}

/** The binfmt_misc entry QEMU registers for a Go architecture name (amd64 → qemu-x86_64). */
export function qemuBinfmtEntry(arch: string): string {
  const names: Record<string, string> = { amd64: "x86_64", arm64: "aarch64", "386": "i386", arm: "arm" };
  return `/proc/sys/fs/binfmt_misc/qemu-${names[arch] ?? arch}`;
}

/**
 * Why the engine cannot build `platform`, or undefined if it can: its own platform always; a foreign one when
 * Docker's BuildKit (`docker buildx ls`) lists it, or, without buildx and with Podman, when QEMU is registered
 * for the architecture in binfmt_misc.
 */
export async function platformProblem(
  runner: Runner,
  engine: ContainerEngine,
  platform: string,
): Promise<string | undefined> {
  const own = await runner.run(engine, enginePlatformArgs(engine));
  const native = osArch(own.stdout);
  // The engine's own failure is reported on its own; an answer that is no platform tells nothing.
  if (own.code !== 0 || !/^[a-z0-9]+\/[a-z0-9_]+$/.test(native)) return undefined;
  const wanted = osArch(platform);
  if (wanted === native) return undefined;
  if (engine === "docker") {
    const buildx = await runner.run("docker", ["buildx", "ls"]);
    if (buildx.code === 0) {
      const listed = buildxPlatforms(buildx.stdout);
      return listed.includes(wanted)
        ? undefined
        : msg.platformUnsupported(
            engine,
            platform,
            native,
            `\`docker buildx ls\` lists ${listed.join(", ") || "no platform"}`,
          );
    }
  }
  const entry = qemuBinfmtEntry(wanted.split("/")[1] ?? "");
  const binfmt = await runner.run("cat", [entry]);
  if (binfmt.code === 0 && /^enabled/.test(binfmt.stdout.trim())) return undefined;
  const why =
    engine === "docker"
      ? `no \`docker buildx\` to list BuildKit's platforms, and ${entry} is ${binfmt.code === 0 ? "disabled" : "missing"}`
      : `${entry} is ${binfmt.code === 0 ? "disabled" : "missing"}`;
  return msg.platformUnsupported(engine, platform, native, why);
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

/** Whether a host is this machine (engines push to it over plain HTTP, as Docker does by default). */
function isLoopback(server: string): boolean {
  const host = server.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/**
 * The Registry API's base endpoint answers (any HTTP status: 401 asks for a login, which the push has):
 * `https://<server>/v2/`, and for a loopback registry `http://` too. Undefined if it answers, else the error.
 */
export const probeRegistry: RegistryProbe = async (server) => {
  const schemes = isLoopback(server) ? ["https", "http"] : ["https"];
  let detail = "no answer";
  for (const scheme of schemes) {
    try {
      await fetch(`${scheme}://${server}/v2/`, { signal: AbortSignal.timeout(5000), redirect: "manual" });
      return undefined;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      detail = `${scheme}: ${cause?.code ?? cause?.message ?? (e as Error).message}`;
    }
  }
  return detail;
};

/** The real machine: the process runner, the port probe and the registry probe. */
export function liveHostTools(): HostTools {
  return { runner: processRunner(), probePort, probeRegistry, info: (note) => void pulumi.log.info(note) };
}
