/**
 * Small helpers around the Docker CLI shared by the container test and the image benchmark.
 * Everything goes through `docker` so it works with any engine the CLI talks to.
 */
import { execFile } from "node:child_process";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const DOCKERFILE = path.join(REPO_ROOT, "simulator", "Dockerfile");

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `docker ARGS`, resolving with its output or rejecting with its stderr. */
export function docker(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, cwd: REPO_ROOT },
      (err, stdout, stderr) => {
        if (err) {
          const detail = stderr.trim() || err.message;
          reject(new Error(`docker ${args.join(" ")} failed: ${detail}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** Why Docker can't be used here, or undefined when it can. */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  try {
    await docker(["info", "--format", "{{.ServerVersion}}"], 15_000);
    return undefined;
  } catch (err) {
    const msg = (err as NodeJS.ErrnoException).message;
    return /ENOENT/.test(msg)
      ? "the docker CLI is not installed"
      : `the Docker engine is not reachable (${msg.split("\n")[0]})`;
  }
}

export interface BuildOptions {
  /** Tag to give the image. */
  readonly tag: string;
  /** BASE_IMAGE build argument; the Dockerfile's default when undefined. */
  readonly baseImage?: string;
}

/** Builds simulator/Dockerfile with the repository root as context; returns the image id. */
export async function buildImage(opts: BuildOptions): Promise<string> {
  const args = ["build", "-f", DOCKERFILE, "-t", opts.tag];
  if (opts.baseImage) args.push("--build-arg", `BASE_IMAGE=${opts.baseImage}`);
  args.push(REPO_ROOT);
  await docker(args, 15 * 60_000);
  return (await docker(["image", "inspect", "-f", "{{.Id}}", opts.tag])).stdout.trim();
}

/** The base image the build used: the BASE_IMAGE argument or the Dockerfile's default. */
export function effectiveBaseImage(baseImage: string | undefined, dockerfileText: string): string {
  if (baseImage) return baseImage;
  const m = /^ARG BASE_IMAGE=(\S+)/m.exec(dockerfileText);
  if (!m) throw new Error("simulator/Dockerfile has no ARG BASE_IMAGE default");
  return m[1] as string;
}

export interface ImageSize {
  /** Total size of the image, base included (bytes). */
  readonly total: number;
  /** What the simulator adds on top of the base image (bytes). */
  readonly app: number;
}

export async function imageSize(tag: string, baseImage: string): Promise<ImageSize> {
  const size = async (ref: string) =>
    Number((await docker(["image", "inspect", "-f", "{{.Size}}", ref])).stdout.trim());
  const total = await size(tag);
  return { total, app: total - (await size(baseImage)) };
}

export interface Container {
  readonly id: string;
  /** Base URL of the published port 8000 on 127.0.0.1. */
  readonly url: string;
  /** performance.now() just before `docker run` was called. */
  readonly startedAt: number;
}

/**
 * How long after the engine started the container's process its /health answered 200, in ms: the part of
 * `docker run → ready` the image controls (the rest is the engine creating the container). Call right
 * after waitForHealth resolved.
 */
export async function processStartToReadyMs(id: string): Promise<number> {
  const readyAt = Date.now();
  const started = (await docker(["inspect", "-f", "{{.State.StartedAt}}", id])).stdout.trim();
  const startedAt = Date.parse(started);
  if (isNaN(startedAt)) throw new Error(`container ${id} has no start time (${started})`);
  return readyAt - startedAt;
}

/** Flags the container test and the benchmark run the image with: the restrictions of a restricted pod. */
export const RESTRICTED_RUN_FLAGS = [
  "--read-only",
  "--user",
  "65532",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--memory",
  "256m",
  "--cpus",
  "0.5",
];

/** The reference image's arguments, as the MaaS Kind overlay passes them. */
export const REFERENCE_ARGS = ["--port", "8000", "--model", "model-a", "--mode", "random"];

export async function runContainer(
  image: string,
  runFlags: readonly string[] = RESTRICTED_RUN_FLAGS,
  simArgs: readonly string[] = REFERENCE_ARGS,
): Promise<Container> {
  const startedAt = performance.now();
  const { stdout } = await docker(["run", "-d", "-p", "127.0.0.1::8000", ...runFlags, image, ...simArgs]);
  const id = stdout.trim();
  const port = (await docker(["port", id, "8000/tcp"])).stdout.trim().split("\n")[0]?.split(":").pop();
  if (!port) throw new Error(`container ${id} published no port for 8000/tcp`);
  return { id, url: `http://127.0.0.1:${port}`, startedAt };
}

/** GET a URL with plain node:http; resolves with status and body, rejects on connection errors. */
export function get(url: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // HTTPS here means the container's own self-signed certificate: it is not verified.
    const client = url.startsWith("https:") ? https : http;
    const req = client.get(url, { timeout: timeoutMs, agent: false, rejectUnauthorized: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

/**
 * Polls `<url><path>` (`/health` unless given) until it answers 200; returns ms since `since` (a
 * performance.now() value).
 */
export async function waitForHealth(
  url: string,
  since: number,
  timeoutMs = 30_000,
  path = "/health",
): Promise<number> {
  const deadline = since + timeoutMs;
  let last = "no answer";
  while (performance.now() < deadline) {
    try {
      const r = await get(`${url}${path}`, 500);
      if (r.status === 200) return performance.now() - since;
      last = `status ${r.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url}${path} not ready after ${timeoutMs} ms (last: ${last})`);
}

export async function removeContainer(id: string): Promise<void> {
  await docker(["rm", "-f", id]).catch(() => undefined);
}

export async function containerLogs(id: string): Promise<string> {
  const r = await docker(["logs", id]).catch((e: Error) => ({ stdout: "", stderr: e.message }));
  return `${r.stdout}${r.stderr}`;
}

export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
