import assert from "node:assert/strict";
import http from "node:http";
import { type ChildSimulator, spawnSimulator } from "../helpers/child-simulator";

/**
 * Issue #14, item 1: a stream writes frame by frame in bounded batches, never one unbounded string, and
 * an exception inside a timer or callback fails its own request, never the process. Each simulator runs
 * as its own process, so a crash is seen as an exit.
 */

/** Makes any socket write over `limit` bytes throw, as V8 does past its string limit. */
const WRITE_LIMIT = (limit: number) => `
import net from "node:net";
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (data, ...rest) {
  if (data != null && data.length > ${limit}) throw new RangeError("injected fault: one write of " + data.length + " bytes");
  return write.call(this, data, ...rest);
};`;

/** Makes serializing the token `faultinjectiontoken` throw: a fault inside a stream's timer. */
const TOKEN_FAULT = `
const stringify = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  if (value === "faultinjectiontoken" || value === "faultinjectiontoken ") throw new Error("injected fault");
  return stringify.call(this, value, ...rest);
};`;

/** POSTs JSON and reads the whole answer (status, body); resolves `error` instead on a socket error. */
function request(
  port: number,
  path: string,
  body: unknown,
): Promise<{ status: number; text: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { port, path, method: "POST", headers: { "content-type": "application/json" }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on("error", (error: NodeJS.ErrnoException) =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            error: error.code ?? error.message,
          }),
        );
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, text: "", error: error.code ?? error.message }),
    );
    req.end(JSON.stringify(body));
  });
}

describe("simulator faults (issue #14)", () => {
  const children: ChildSimulator[] = [];
  after(() => children.forEach((child) => child.kill()));

  it("streams a 250,000-token tool call in bounded writes and stays under 512 MiB (#1)", async function () {
    this.timeout(90_000);
    const child = await spawnSimulator(
      [
        "--model",
        "m",
        "--max-model-len",
        "300000",
        "--max-tool-schema-bytes",
        "1000000",
        "--inter-token-latency",
        "0",
        "--time-to-first-token",
        "5",
      ],
      { preload: WRITE_LIMIT(4 * 1024 * 1024) },
    );
    children.push(child);
    let peak = 0;
    const sampler = setInterval(() => {
      void child.rssMiB().then((rss) => (peak = Math.max(peak, rss ?? 0)));
    }, 50);
    const parameters = { type: "object", properties: { x: { const: ".".repeat(250_000) } }, required: ["x"] };
    const answer = await request(child.port, "/v1/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "go" }],
      tools: [{ type: "function", function: { name: "f", parameters } }],
      tool_choice: "required",
      stream: true,
      stream_options: { include_usage: true },
    });
    clearInterval(sampler);
    assert.equal(answer.error, undefined);
    assert.equal(answer.status, 200);
    assert.ok(answer.text.endsWith("data: [DONE]\n\n"), answer.text.slice(-200));
    const usage = /"usage":(\{[^}]*\})/.exec(answer.text)?.[1];
    assert.ok(usage, "usage frame");
    assert.ok((JSON.parse(usage) as { completion_tokens: number }).completion_tokens > 250_000);
    assert.equal(child.child.exitCode, null, "the simulator is still running");
    assert.ok(peak < 512, `peak RSS ${peak.toFixed(0)} MiB`);
  });

  it("fails only the request whose stream timer throws; the process answers the next ones (#1)", async function () {
    this.timeout(60_000);
    const child = await spawnSimulator(
      ["--model", "m", "--mode", "echo", "--time-to-first-token", "5", "--inter-token-latency", "2"],
      { preload: TOKEN_FAULT },
    );
    children.push(child);
    // The fault hits the first frame (before any byte is sent: a 500 JSON answer) and a later frame
    // (after the headers: the stream is cut short).
    const first = await request(child.port, "/v1/completions", {
      prompt: "faultinjectiontoken",
      stream: true,
    });
    assert.equal(first.status, 500, first.text);
    assert.equal((JSON.parse(first.text) as { error: { code: number } }).error.code, 500);
    const later = await request(child.port, "/v1/completions", {
      prompt: "one two three faultinjectiontoken",
      stream: true,
    });
    assert.equal(later.status, 200);
    assert.ok(!later.text.includes("[DONE]"), later.text);
    const healthy = await request(child.port, "/v1/completions", { prompt: "still here", stream: false });
    assert.equal(healthy.status, 200, healthy.text);
    assert.equal(child.child.exitCode, null, "the simulator is still running");
    const metrics = await fetch(`${child.url}/metrics`);
    assert.match(await metrics.text(), /vllm:num_requests_running\{[^}]*\} 0/);
    child.child.kill("SIGTERM");
    const { stdout, code } = await child.exited;
    assert.equal(code, 0);
    assert.match(stdout, /"msg":"request failed"/);
  });
});
