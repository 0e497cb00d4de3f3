/**
 * `npm run bench:sim`: the simulator's benchmarks, each side by side with a baseline in the same run.
 *
 * 1. Throughput of non-streamed chat completions at zero latency, 32 connections (autocannon):
 *    the simulator vs a bare Express route and raw node:http answering a fixed completion.
 * 2. Streaming fidelity at 100 and 1,000 concurrent streams (TTFT 100 ms, ITL 10 ms, 50 tokens):
 *    p50/p99 |observed − configured| of TTFT and ITL, vs a trivial node:http SSE server (the floor);
 *    plus the simulator's peak RSS.
 * 3. Process start to the first /health 200.
 *
 * BENCH_SECONDS (default 10) sets the length of each throughput run; BENCH_ROUNDS (default 3) the
 * streaming rounds per load.
 */
import { cpus } from "node:os";
import path from "node:path";
import { fmt, median, percentile } from "./stats";
import { SIMULATOR_MAIN, startServer, type ServerProcess } from "./processes";
import { measureStartup } from "./startup";
import { measureStreams, streamAgent, type StreamErrors } from "./stream-client";
import { measureThroughput, type Throughput } from "./throughput";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_ONLY=throughput|streaming|startup runs one part (all by default). */
const ONLY = process.env.BENCH_ONLY;
const part = (name: string) => ONLY === undefined || ONLY === name;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERVERS = path.join(__dirname, "servers");
const STREAM = { ttftMs: 100, itlMs: 10, tokens: 50 } as const;

function simulator(extra: string[]): Promise<ServerProcess> {
  return startServer(SIMULATOR_MAIN, (port) => [
    "--port",
    String(port),
    "--model",
    "model-a",
    "--mode",
    "random",
    ...extra,
  ]);
}

async function throughputOf(name: string, server: Promise<ServerProcess>): Promise<[string, Throughput]> {
  const running = await server;
  try {
    await measureThroughput(running.port, 32, 2); // warm-up
    return [name, await measureThroughput(running.port, 32, SECONDS)];
  } finally {
    await running.stop();
  }
}

async function streamsOf(server: ServerProcess, count: number): Promise<StreamErrors> {
  const agent = streamAgent();
  // Warm-up: opens every keep-alive connection, so the rounds measure requests, not TCP handshakes.
  await measureStreams(agent, server.port, count, STREAM);
  const all: StreamErrors = { ttft: [], itl: [], failed: 0 };
  for (let round = 0; round < ROUNDS; round++) await measureStreams(agent, server.port, count, STREAM, all);
  agent.destroy();
  return all;
}

function streamRow(name: string, count: number, errors: StreamErrors): string {
  return `${name.padEnd(22)}${String(count).padStart(8)}${fmt(percentile(errors.ttft, 50))}${fmt(percentile(errors.ttft, 99))}${fmt(percentile(errors.itl, 50))}${fmt(percentile(errors.itl, 99))}${String(errors.failed).padStart(8)}`;
}

async function benchThroughput(): Promise<void> {
  console.log(
    `1. Non-streamed chat completions, zero latency, 32 connections, ${SECONDS} s each (autocannon)`,
  );
  const results = [
    await throughputOf("simulator", simulator(["--max-num-seqs", "64"])),
    await throughputOf(
      "bare Express route",
      startServer(path.join(SERVERS, "bare-express.ts"), (port) => [String(port)]),
    ),
    await throughputOf(
      "raw node:http",
      startServer(path.join(SERVERS, "raw-http.ts"), (port) => [String(port)]),
    ),
  ];
  console.log(
    `${"server".padEnd(22)}${"req/s".padStart(10)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}${"non-2xx".padStart(9)}`,
  );
  for (const [name, result] of results) {
    console.log(
      `${name.padEnd(22)}${fmt(result.requestsPerSecond, 0, 10)}${fmt(result.p50Ms, 0)}${fmt(result.p99Ms, 0)}${String(result.non2xx + result.errors).padStart(9)}`,
    );
  }
  const ratio = results[0][1].requestsPerSecond / results[1][1].requestsPerSecond;
  console.log(
    `simulator / bare Express = ${ratio.toFixed(2)} (target ≥ 0.80: ${ratio >= 0.8 ? "met" : "NOT met"})\n`,
  );
}

async function benchStreaming(): Promise<void> {
  console.log(
    `2. Streaming fidelity: TTFT ${STREAM.ttftMs} ms, ITL ${STREAM.itlMs} ms, ${STREAM.tokens} tokens, ${ROUNDS} rounds per load`,
  );
  console.log(`   |observed − configured| in ms, measured by a keep-alive node:http client`);
  console.log(
    `${"server".padEnd(22)}${"streams".padStart(8)}${"TTFT50".padStart(8)}${"TTFT99".padStart(8)}${"ITL50".padStart(8)}${"ITL99".padStart(8)}${"failed".padStart(8)}`,
  );
  let peakRss = 0;
  const verdicts: string[] = [];
  for (const count of [100, 1000]) {
    const floor = await startServer(path.join(SERVERS, "sse-floor.ts"), (port) => [String(port)]);
    const floorErrors = await streamsOf(floor, count);
    await floor.stop();
    const sim = await simulator([
      "--max-num-seqs",
      "2000",
      "--time-to-first-token",
      String(STREAM.ttftMs),
      "--inter-token-latency",
      String(STREAM.itlMs),
    ]);
    const simErrors = await streamsOf(sim, count);
    peakRss = Math.max(peakRss, sim.peakRssMiB());
    await sim.stop();
    console.log(streamRow("node:http floor", count, floorErrors));
    console.log(streamRow("simulator", count, simErrors));
    const ttftRatio = percentile(simErrors.ttft, 99) / Math.max(1, percentile(floorErrors.ttft, 99));
    const itlRatio = percentile(simErrors.itl, 99) / Math.max(1, percentile(floorErrors.itl, 99));
    verdicts.push(
      `${count} streams: p99 TTFT error ${ttftRatio.toFixed(2)}× floor, p99 ITL error ${itlRatio.toFixed(2)}× floor (target ≤ 1.5×: ${ttftRatio <= 1.5 && itlRatio <= 1.5 ? "met" : "NOT met"})`,
    );
  }
  for (const verdict of verdicts) console.log(verdict);
  console.log(
    `simulator peak RSS (through 1,000 streams): ${peakRss.toFixed(0)} MiB (target ≤ 150: ${peakRss <= 150 ? "met" : "NOT met"})\n`,
  );
}

async function benchStartup(): Promise<void> {
  console.log("3. Process start (node dist/main.js) to the first /health 200, 7 runs");
  const startups: number[] = [];
  for (let i = 0; i < 7; i++) startups.push(await measureStartup());
  console.log(
    `median ${median(startups).toFixed(0)} ms, min ${Math.min(...startups).toFixed(0)} ms, max ${Math.max(...startups).toFixed(0)} ms (target < 500 ms: ${median(startups) < 500 ? "met" : "NOT met"})`,
  );
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}\n`);
  if (part("throughput")) await benchThroughput();
  if (part("streaming")) await benchStreaming();
  if (part("startup")) await benchStartup();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
