/**
 * `kubectl port-forward` to a model's Service on a free local port (`0:<port>`: kubectl picks one and prints
 * it), for the direct and load suites. Every forward a pool opened is closed by `closeAll` (suites call it in
 * `after`, the runner once more at the end, and a process `exit` hook kills any left).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { KubeTarget } from "../../../components/exec/kubectl";
import { kubectlTargetArgs } from "../../../components/exec/kubectl";
import type { ModelOutput } from "../../../components/outputs/stack-outputs";
import { isLoopbackUrl } from "./prerequisites";

/** kubectl's arguments forwarding a free loopback port to `service:port`. */
export function portForwardArgs(
  target: KubeTarget,
  model: Pick<ModelOutput, "namespace" | "service" | "port">,
): string[] {
  return [
    ...kubectlTargetArgs(target.context, target.kubeconfig),
    "--namespace",
    model.namespace,
    "port-forward",
    "--address",
    "127.0.0.1",
    `svc/${model.service}`,
    `0:${model.port}`,
  ];
}

/** The local port of kubectl's `Forwarding from 127.0.0.1:<port> -> <remote>` line. */
export function forwardedPort(line: string): number | undefined {
  const m = /^Forwarding from 127\.0\.0\.1:(\d+) -> \d+/.exec(line.trim());
  return m ? Number(m[1]) : undefined;
}

const open = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of open) child.kill("SIGKILL");
});

/** Port-forwards opened on demand, one per model, and closed together. */
export class PortForwardPool {
  private readonly forwards = new Map<string, Promise<{ url: string; child: ChildProcess | undefined }>>();

  constructor(
    private readonly target: KubeTarget,
    private readonly log: (line: string) => void,
    private readonly timeoutMs = 30_000,
  ) {}

  /**
   * Base URL of the model's server: its in-cluster URL when that is on this machine (the local target), else a
   * port-forward to its Service.
   */
  baseUrl(model: ModelOutput): Promise<string> {
    if (isLoopbackUrl(model.inClusterUrl)) return Promise.resolve(model.inClusterUrl);
    let f = this.forwards.get(model.name);
    if (!f) {
      f = this.start(model);
      this.forwards.set(model.name, f);
    }
    return f.then((x) => x.url);
  }

  private start(model: ModelOutput): Promise<{ url: string; child: ChildProcess }> {
    const args = portForwardArgs(this.target, model);
    const child = spawn("kubectl", args, { stdio: ["ignore", "pipe", "pipe"] });
    open.add(child);
    child.on("exit", () => open.delete(child));
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill();
        reject(new Error(`kubectl ${args.join(" ")}: ${why}${stderr ? `\n${stderr.trim()}` : ""}`));
      };
      const timer = setTimeout(() => fail(`no forwarding port within ${this.timeoutMs} ms`), this.timeoutMs);
      child.on("error", (err) => fail(err.message));
      child.on("exit", (code) => fail(`exited with ${code} before forwarding`));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const port = forwardedPort(line);
        if (port === undefined) return;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.on("exit", () => open.delete(child));
        const url = `http://127.0.0.1:${port}`;
        this.log(`port-forward ${model.namespace}/svc/${model.service}:${model.port} → ${url}`);
        resolve({ url, child });
      });
    });
  }

  /** Closes every forward (SIGTERM) and waits for kubectl to exit. */
  async closeAll(): Promise<void> {
    const all = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(
      all.map(async (f) => {
        const { child } = await f.catch(() => ({ child: undefined }));
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }),
    );
  }
}
