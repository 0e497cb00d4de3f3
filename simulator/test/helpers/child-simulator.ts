import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const MAIN = path.join(__dirname, "..", "..", "src", "main.ts");
const REPO = path.join(__dirname, "..", "..", "..");

/** A simulator running as its own process (from the TypeScript sources), as the image runs it. */
export interface ChildSimulator {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Resolves when the process has exited: its code, signal and everything it printed. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  /** Resident set size of the process in MiB (from /proc), or undefined once it has gone. */
  rssMiB(): Promise<number | undefined>;
  /** Kills the process (SIGKILL) unless it has exited already. */
  kill(): void;
}

/**
 * Runs the simulator's command with `args`; resolves once it logs that it listens. `preload` is
 * JavaScript run before the simulator (as a `data:` module), e.g. to inject a fault.
 */
export function spawnSimulator(
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly preload?: string } = {},
): Promise<ChildSimulator> {
  const preload = options.preload
    ? ["--import", `data:text/javascript,${encodeURIComponent(options.preload)}`]
    : [];
  const child = spawn(process.execPath, [...preload, "--import", "tsx", MAIN, "--port", "0", ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      let entry: { msg?: string; port?: number };
      try {
        entry = JSON.parse(line) as { msg?: string; port?: number };
      } catch {
        return;
      }
      if (entry.msg !== "simulator listening" || !entry.port) return;
      const port = entry.port;
      resolve({
        child,
        port,
        url: `http://127.0.0.1:${port}`,
        exited,
        async rssMiB() {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
            return undefined;
          const { readFile } = await import("node:fs/promises");
          try {
            const status = await readFile(`/proc/${child.pid}/status`, "utf8");
            const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1];
            return kib === undefined ? undefined : Number(kib) / 1024;
          } catch {
            return undefined;
          }
        },
        kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        },
      });
    });
    child.on("close", (code) =>
      reject(new Error(`simulator exited with ${code} before listening: ${stderr}`)),
    );
  });
}
