import { spawn } from "node:child_process";
import { freePort, IMAGE_NODE_OPTIONS, onCpu, SIMULATOR_MAIN, waitHealthy } from "./processes";

/** Milliseconds from spawning `node dist/main.js` to its first /health 200 (polled every 2 ms). */
export async function measureStartup(): Promise<number> {
  const port = await freePort();
  const begin = performance.now();
  const [command, args] = onCpu(0, process.execPath, [
    SIMULATOR_MAIN,
    "--port",
    String(port),
    "--model",
    "model-a",
    "--mode",
    "random",
  ]);
  const child = spawn(command, args, {
    stdio: "ignore",
    env: { ...process.env, NODE_OPTIONS: IMAGE_NODE_OPTIONS },
  });
  try {
    await waitHealthy(port, 2, 10_000);
    return performance.now() - begin;
  } finally {
    child.kill("SIGKILL");
  }
}
