import http from "node:http";
import { IMAGE_NODE_OPTIONS, SIMULATOR_MAIN, startServer } from "./processes";

/**
 * Peak memory of the worst requests the simulator accepts with its default budgets (issue #14): each
 * scenario runs in a fresh simulator process (as the image runs it) and reports its peak RSS (VmHWM),
 * once alone and once with eight clients at a time (more than --max-num-seqs, so some wait).
 */

/** A 250 KB word: one token, so 256 of them fit the default context window but not --max-response-bytes. */
const LONG_WORD = "x".repeat(250_000);

interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
  readonly path: string;
  readonly body: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "echo of a 4 MiB one-token prompt",
    args: ["--mode", "echo"],
    path: "/v1/completions",
    body: JSON.stringify({ prompt: "y".repeat(4 * 1024 * 1024 - 1024) }),
  },
  {
    name: "/tokenize, 131,072 tokens with strings",
    args: [],
    path: "/tokenize",
    body: JSON.stringify({ prompt: `${"a".repeat(30)} `.repeat(131_072).trimEnd(), return_token_strs: true }),
  },
  {
    name: "tool call cut at 4 MiB of arguments, streamed at zero ITL",
    args: ["--inter-token-latency", "0"],
    path: "/v1/chat/completions",
    body: JSON.stringify({
      messages: [{ role: "user", content: "go" }],
      stream: true,
      tool_choice: "required",
      tools: [
        {
          type: "function",
          function: {
            name: "f",
            parameters: {
              type: "object",
              properties: { xs: { type: "array", minItems: 256, items: { const: LONG_WORD } } },
              required: ["xs"],
            },
          },
        },
      ],
    }),
  },
];

/** POSTs a body and reads the whole answer; resolves its status and size. */
function post(port: number, path: string, body: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: { "content-type": "application/json" },
        agent: false,
      },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Peak RSS (MiB) of a fresh simulator answering `clients` copies of the scenario at once, and the answer's size. */
async function peakRss(
  scenario: Scenario,
  clients: number,
): Promise<{ rss: number; bytes: number; idle: number }> {
  const server = await startServer(
    SIMULATOR_MAIN,
    (port) => ["--port", String(port), "--model", "model-a", "--log-level", "warn", ...scenario.args],
    { NODE_OPTIONS: IMAGE_NODE_OPTIONS },
  );
  try {
    const idle = server.peakRssMiB();
    const answers = await Promise.all(
      Array.from({ length: clients }, () => post(server.port, scenario.path, scenario.body)),
    );
    for (const answer of answers)
      if (answer.status !== 200) throw new Error(`${scenario.name}: status ${answer.status}`);
    return { rss: server.peakRssMiB(), bytes: answers[0]?.bytes ?? 0, idle };
  } finally {
    await server.stop();
  }
}

/** Prints one row per scenario: answer size, peak RSS alone and with eight clients. */
export async function benchMemory(limitMiB: number): Promise<void> {
  console.log("4. Peak memory of the worst accepted requests (default budgets), a fresh process each");
  console.log(
    `${"request".padEnd(60)}${"answer".padStart(10)}${"idle".padStart(8)}${"×1".padStart(8)}${"×8".padStart(8)}`,
  );
  let worst = 0;
  for (const scenario of SCENARIOS) {
    const one = await peakRss(scenario, 1);
    const eight = await peakRss(scenario, 8);
    worst = Math.max(worst, eight.rss);
    console.log(
      `${scenario.name.padEnd(60)}${`${(one.bytes / 1024 / 1024).toFixed(1)} MB`.padStart(10)}${`${one.idle.toFixed(0)}`.padStart(8)}${one.rss.toFixed(0).padStart(8)}${eight.rss.toFixed(0).padStart(8)}   MiB`,
    );
  }
  console.log(
    `worst peak RSS ${worst.toFixed(0)} MiB (target ≤ ${limitMiB}, the pod limit: ${worst <= limitMiB ? "met" : "NOT met"})\n`,
  );
}
