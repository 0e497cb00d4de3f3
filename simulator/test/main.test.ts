import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { createInterface } from "node:readline";

const MAIN = path.join(__dirname, "..", "src", "main.ts");
const REPO = path.join(__dirname, "..", "..");

/** Runs the simulator's command (from the TypeScript sources) as a real process. */
function spawnSimulator(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Waits for the process to exit; resolves its exit code and what it printed. */
function exited(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** Resolves the port from the "simulator listening" log line. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === "simulator listening" && entry.port) resolve(entry.port);
      } catch {
        // not a log line
      }
    });
    child.on("close", (code) => reject(new Error(`simulator exited with ${code} before listening`)));
  });
}

describe("simulator process", function () {
  // Each test starts real processes that compile the sources with tsx first: seconds each, and 18-20 s for three
  // at once on a loaded two-core CI machine. The limit only catches a hang; no test here measures time.
  this.timeout(90_000);

  it("exits 1 with one clear line for a bad flag, 0 with help", async () => {
    const [bad, unknown, help] = await Promise.all([
      exited(spawnSimulator(["--model", "m", "--max-num-seqs", "0"])),
      exited(spawnSimulator(["--model", "m", "--frobnicate"])),
      exited(spawnSimulator(["--help"])),
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^llm-d-inference-sim: error: --max-num-seqs must be at least 1 \(got 0\)$/m);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown option '--frobnicate'/);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--inter-token-latency <value>/);
  });

  it("on SIGTERM refuses new connections, finishes the open stream, then exits 0", async () => {
    const child = spawnSimulator([
      "--model",
      "m",
      "--port",
      "0",
      "--inter-token-latency",
      "100ms",
      "--shutdown-grace-period",
      "10s",
    ]);
    const done = exited(child);
    const port = await listeningPort(child);
    const body = JSON.stringify({ prompt: "x", max_tokens: 8, ignore_eos: true, stream: true });
    let received = "";
    let firstChunk: () => void = () => undefined;
    const gotFirst = new Promise<void>((resolve) => (firstChunk = resolve));
    const finished = new Promise<number>((resolve, reject) => {
      const request = http.request(
        { port, path: "/v1/completions", method: "POST", headers: { "content-type": "application/json" } },
        (response) => {
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            received += chunk;
            if (received.includes('"text"')) firstChunk();
          });
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    await gotFirst;
    child.kill("SIGTERM");
    // New connections are refused while the stream goes on. Each probe opens its own connection; one
    // accepted just before the listener closed may be reset instead, and is tried again.
    const refused = await new Promise<string>((resolve) => {
      const attempt = () => {
        const probe = http.get({ port, path: "/health", agent: false }, (response) => {
          response.resume();
          setTimeout(attempt, 20);
        });
        probe.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "ECONNRESET") setTimeout(attempt, 20);
          else resolve(error.code ?? "error");
        });
      };
      attempt();
    });
    assert.equal(refused, "ECONNREFUSED");
    assert.equal(await finished, 200);
    assert.ok(received.endsWith("data: [DONE]\n\n"), received);
    assert.equal((received.match(/"text":"[^"]/g) ?? []).length, 8);
    const result = await done;
    assert.equal(result.code, 0);
    assert.match(result.stdout, /"msg":"drained, exiting"/);
    assert.match(result.stdout, /"path":"\/v1\/completions","status":200/);
  });
});
