/**
 * `npm run bench:image`: image size (total and the app layers alone) and container start → /health 200,
 * under the restricted flags of the container test, and `docker stop` (SIGTERM) → exited. Targets: app layers < 20 MB,
 * start < 1.5 s, stop < 2 s.
 * MAAS_KIND_BASE_IMAGE sets the BASE_IMAGE build argument; RUNS (default 7) the number of starts.
 */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import {
  DOCKERFILE,
  buildImage,
  docker,
  dockerUnavailableReason,
  effectiveBaseImage,
  formatMB,
  imageSize,
  processStartToReadyMs,
  removeContainer,
  runContainer,
  waitForHealth,
} from "../image/docker";
import { median } from "../../simulator/bench/stats";

const TAG = "maas-kind-simulator:bench";

async function main(): Promise<void> {
  const reason = await dockerUnavailableReason();
  if (reason) {
    console.log(`bench:image skipped: ${reason}`);
    return;
  }
  const baseImage = process.env.MAAS_KIND_BASE_IMAGE || undefined;
  const runs = Number(process.env.RUNS ?? 7);
  const base = effectiveBaseImage(baseImage, readFileSync(DOCKERFILE, "utf8"));
  await buildImage({ tag: TAG, baseImage });
  const size = await imageSize(TAG, base);

  const startMs: number[] = [];
  const processMs: number[] = [];
  const stopMs: number[] = [];
  let idleMem = "";
  for (let i = 0; i < runs; i++) {
    const c = await runContainer(TAG);
    try {
      startMs.push(await waitForHealth(c.url, c.startedAt));
      processMs.push(await processStartToReadyMs(c.id));
      if (i === runs - 1) {
        const stats = await docker(["stats", "--no-stream", "--format", "{{.MemUsage}}", c.id]);
        idleMem = stats.stdout.trim();
      }
      const stopAt = performance.now();
      await docker(["stop", "-t", "10", c.id]);
      stopMs.push(performance.now() - stopAt);
    } finally {
      await removeContainer(c.id);
    }
  }
  startMs.sort((a, b) => a - b);
  processMs.sort((a, b) => a - b);
  stopMs.sort((a, b) => a - b);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`\nsimulator image (${os.cpus().length} × ${cpu}, base ${base})`);
  console.log(`  image size, total              ${formatMB(size.total)}`);
  console.log(`  app layers (above the base)    ${formatMB(size.app)}   target < 20 MB`);
  console.log(
    `  docker run → /health 200       median ${median(startMs).toFixed(0)} ms, ` +
      `min ${startMs[0]?.toFixed(0)} ms, max ${startMs.at(-1)?.toFixed(0)} ms over ${runs} runs   target < 1500 ms`,
  );
  console.log(
    `  container start → /health 200  median ${median(processMs).toFixed(0)} ms, ` +
      `min ${processMs[0]?.toFixed(0)} ms, max ${processMs.at(-1)?.toFixed(0)} ms (the engine's own ` +
      `container creation excluded)`,
  );
  console.log(
    `  docker stop → exited           median ${median(stopMs).toFixed(0)} ms, ` +
      `min ${stopMs[0]?.toFixed(0)} ms, max ${stopMs.at(-1)?.toFixed(0)} ms   target < 2000 ms`,
  );
  console.log(`  idle memory (docker stats)     ${idleMem}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
