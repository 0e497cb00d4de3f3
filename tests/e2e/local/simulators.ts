/**
 * One simulator process per model for the local target: `node simulator/dist/main.js <args>` with `--port 0`,
 * whose "simulator listening" log line says which port it got (no race for a free port). Its output is
 * drained and the last lines kept for error messages; `stop` sends SIGTERM and, if the process is still there
 * after a few seconds, SIGKILL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A running simulator process. */
export interface SimulatorProcess {
  readonly model: string;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** The last lines it printed. */
  tail(): string;
  /** Stops it (SIGTERM, then SIGKILL after `graceMs`); resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Children still running, killed on process exit as a last resort. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts `node <main> <args>` for `model` and resolves once it listens. */
export function startSimulatorProcess(
  model: string,
  main: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [main, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, POD_NAME: `${model}-local`, POD_NAMESPACE: "local" },
  });
  running.add(child);
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const tail = () => lines.join("\n");
  createInterface({ input: child.stderr! }).on("line", keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`simulator for ${model} did not listen within ${timeoutMs} ms:\n${tail()}`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the simulator for ${model}: ${err.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`simulator for ${model} exited (${signal ?? code}) before listening:\n${tail()}`));
    });
    let listening = false;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      keep(line);
      if (listening) return;
      let entry: { msg?: string; port?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg !== "simulator listening" || typeof entry.port !== "number") return;
      listening = true;
      clearTimeout(timer);
      resolve({
        model,
        url: `http://127.0.0.1:${entry.port}`,
        pid: child.pid!,
        tail,
        async stop(graceMs = 3000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}
