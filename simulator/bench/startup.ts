import { spawn } from "node:child_process";
import { freePort, healthy, IMAGE_NODE_OPTIONS, onCpu, SIMULATOR_MAIN } from "./processes";

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
    for (;;) {
      if (await healthy(port)) return performance.now() - begin;
      if (performance.now() - begin > 10_000)
        throw new Error("the simulator did not become healthy within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill("SIGKILL");
  }
}
