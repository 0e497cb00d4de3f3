import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onCpu } from "./processes";

const run = promisify(execFile);

/** What autocannon measured for one server. */
export interface Throughput {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export const CHAT_BODY = JSON.stringify({
  model: "model-a",
  messages: [{ role: "user", content: "Hello! How are you today?" }],
  max_tokens: 20,
});

/** Runs autocannon (in its own process) against POST /v1/chat/completions on `port`. */
export async function measureThroughput(
  port: number,
  connections: number,
  seconds: number,
): Promise<Throughput> {
  const autocannon = require.resolve("autocannon");
  const args = [
    autocannon,
    "--json",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-m",
    "POST",
    "-H",
    "content-type=application/json",
    "-b",
    CHAT_BODY,
    `http://127.0.0.1:${port}/v1/chat/completions`,
  ];
  const [command, commandArgs] = onCpu(1, process.execPath, args);
  const { stdout } = await run(command, commandArgs, { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
