/**
 * `npm run bench:program`: how long the program takes to evaluate under Pulumi mocks (config parsing,
 * component construction, every resource registration, output resolution) for 1, 10 and 50 models. It
 * prints the median of several runs per size and the per-model slope between sizes: with linear growth
 * the slopes stay close to each other.
 */
import { performance } from "node:perf_hooks";
import { runProgram } from "../helpers/program";
import { stackConfig } from "../helpers/stack-config";

const SIZES = [1, 10, 50];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIERS = ["free", "premium", "enterprise"];

function configFor(models: number): Record<string, string> {
  return stackConfig("dev", {
    models: Array.from({ length: models }, (_, i) => ({ name: `model-${i}`, tier: TIERS[i % TIERS.length] })),
  });
}

async function measure(models: number): Promise<{ ms: number; resources: number }> {
  const times: number[] = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const run = await runProgram(configFor(models));
    times.push(performance.now() - t0);
    resources = run.mocks.resources.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, resources };
}

async function main(): Promise<void> {
  await measure(2); // warm-up: module loading, provider serialization caches
  console.log(`program evaluation under mocks (median of ${RUNS} runs, node ${process.version})`);
  console.log("models  resources  median ms  ms/model (slope from previous size)");
  let prev: { models: number; ms: number } | undefined;
  for (const models of SIZES) {
    const { ms, resources } = await measure(models);
    const slope = prev ? ((ms - prev.ms) / (models - prev.models)).toFixed(2) : "-";
    console.log(
      `${String(models).padStart(6)}  ${String(resources).padStart(9)}  ${ms.toFixed(1).padStart(9)}  ${slope}`,
    );
    prev = { models, ms };
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
