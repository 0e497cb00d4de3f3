import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import http from "node:http";
import net from "node:net";
import path from "node:path";

export const REPO = path.join(__dirname, "..", "..");

/**
 * With taskset and two or more CPUs, servers run on CPU 0 and load generators (autocannon, the
 * streaming client) on CPU 1, so they don't compete for a core and each server gets exactly one.
 */
export const PINNING = existsSync("/usr/bin/taskset") && cpus().length >= 2;

/** The command and arguments to run `command args` on one CPU (unchanged without pinning). */
export function onCpu(cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return PINNING ? ["/usr/bin/taskset", ["-c", String(cpu), command, ...args]] : [command, [...args]];
}
export const SIMULATOR_MAIN = path.join(REPO, "simulator", "dist", "main.js");

/** The NODE_OPTIONS the image sets (simulator/Dockerfile), so the benchmarks run the simulator as it ships. */
export const IMAGE_NODE_OPTIONS: string = (() => {
  const dockerfile = readFileSync(path.join(REPO, "simulator", "Dockerfile"), "utf8");
  const match = /NODE_OPTIONS="([^"]*)"/.exec(dockerfile);
  if (!match) throw new Error("simulator/Dockerfile sets no NODE_OPTIONS");
  return match[1] as string;
})();

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true once GET /health answers 200. */
export function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/health", agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("error", () => resolve(false));
  });
}

/** Polls /health until it answers 200 (every `everyMs`), or throws after `timeoutMs`. */
export async function waitHealthy(port: number, everyMs = 5, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await healthy(port)) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`nothing healthy on port ${port} after ${timeoutMs} ms`);
}

/** A server in its own process. */
export interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Starts `node [--import tsx] script args…` with PORT substituted, and waits until it is healthy. */
export async function startServer(
  script: string,
  args: (port: number) => string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const [command, commandArgs] = onCpu(0, process.execPath, [...loader, script, ...args(port)]);
  const child = spawn(command, commandArgs, {
    cwd: REPO,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env },
  });
  try {
    await waitHealthy(port, 20);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    port,
    child,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
    },
  };
}
