import assert from "node:assert/strict";
import net from "node:net";
import type { RunningSimulator } from "../../src/http/server";
import { start, stopAll } from "../helpers/simulator";

/**
 * Issue #14, item 8: the server's own limits answer early and in JSON. 413 from Content-Length before
 * the body is read, and during a chunked upload as soon as the limit passes; `Expect: 100-continue`
 * refused before the body is sent; request and header timeouts; JSON bodies for the HTTP parser's 4xx.
 */

interface RawAnswer {
  /** Everything received, as text. */
  readonly text: string;
  /** Milliseconds from connecting to the first status line other than 100 (or to the end). */
  readonly ms: number;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
}

/**
 * Sends `head` on a raw connection, then `body` pieces every `gapMs` (until the server answers), and
 * waits up to `waitMs` for an answer.
 */
function raw(
  simulator: RunningSimulator,
  head: string,
  options: { body?: readonly string[]; gapMs?: number; waitMs?: number; afterContinue?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(simulator.port, "127.0.0.1");
    let text = "";
    let answeredAt: number | undefined;
    let closed = false;
    const pieces = [...(options.body ?? [])];
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ text, ms: (answeredAt ?? performance.now()) - started, closed });
    };
    const deadline = setTimeout(finish, options.waitMs ?? 3000);
    const feed = () => {
      const piece = pieces.shift();
      if (piece === undefined || answeredAt !== undefined || socket.destroyed) return;
      socket.write(piece);
      timer = setTimeout(feed, options.gapMs ?? 0);
    };
    socket.on("connect", () => {
      socket.write(head);
      feed();
    });
    socket.on("data", (data) => {
      text += data.toString("latin1");
      if (options.afterContinue && text.includes("100 Continue") && !text.includes("sent-after")) {
        socket.write(options.afterContinue);
        text += "sent-after";
      }
      if (answeredAt === undefined && /HTTP\/1\.1 (?!100)\d{3}/.test(text)) answeredAt = performance.now();
      if (answeredAt !== undefined && /\r\n\r\n[\s\S]*\}$/.test(text)) finish();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      finish();
    });
  });
}

function status(answer: RawAnswer): number {
  return Number(/HTTP\/1\.1 (?!100)(\d{3})/.exec(answer.text)?.[1] ?? 0);
}

function errorJson(answer: RawAnswer): { message: string; type: string; code: number } {
  const body = answer.text.slice(answer.text.lastIndexOf("\r\n\r\n") + 4);
  return (JSON.parse(body) as { error: { message: string; type: string; code: number } }).error;
}

const MiB = 1024 * 1024;

describe("simulator HTTP limits (issue #14)", () => {
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await start([
      "--model",
      "m",
      "--max-request-body-size-mb",
      "1",
      "--request-timeout",
      "1500ms",
      "--headers-timeout",
      "1s",
    ]);
  });
  after(stopAll);

  it("answers 413 from Content-Length at once, without waiting for a body that never comes (#8)", async () => {
    const answer = await raw(
      simulator,
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{",
    );
    assert.equal(status(answer), 413, answer.text);
    assert.ok(answer.ms < 1000, `answered after ${answer.ms} ms`);
    assert.match(errorJson(answer).message, /larger than 1 MiB \(--max-request-body-size-mb\)/);
    assert.match(answer.text, /connection: close/i);
  });

  it("answers 413 before a too-large body with Content-Length has been sent (#8)", async () => {
    const answer = await raw(
      simulator,
      `POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * MiB}\r\n\r\n`,
      { body: Array.from({ length: 64 }, () => "x".repeat(32 * 1024)), gapMs: 20 },
    );
    assert.equal(status(answer), 413, answer.text);
    assert.ok(answer.ms < 1000, `answered after ${answer.ms} ms`);
  });

  it("answers 413 as soon as a chunked upload passes the limit, not when it ends (#8)", async () => {
    const chunk = `8000\r\n${"x".repeat(0x8000)}\r\n`;
    // 48 chunks of 32 KiB (1.5 MiB) every 20 ms would take about a second; the answer comes at 1 MiB.
    const answer = await raw(
      simulator,
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
      { body: Array.from({ length: 48 }, () => chunk), gapMs: 20, waitMs: 5000 },
    );
    assert.equal(status(answer), 413, answer.text);
    assert.ok(answer.ms < 48 * 20, `answered after ${answer.ms} ms`);
    assert.equal(errorJson(answer).code, 413);
  });

  it("refuses `Expect: 100-continue` for a too-large body before it is sent, and continues a small one (#8)", async () => {
    const refused = await raw(
      simulator,
      `POST /v1/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${200 * MiB}\r\n\r\n`,
    );
    assert.equal(status(refused), 413, refused.text);
    assert.ok(!refused.text.includes("100 Continue"), refused.text);
    const body = JSON.stringify({ prompt: "hello" });
    const accepted = await raw(
      simulator,
      `POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
      { afterContinue: body },
    );
    assert.match(accepted.text, /^HTTP\/1\.1 100 Continue/);
    assert.equal(status(accepted), 200, accepted.text);
  });

  for (const [name, head, expected] of [
    [
      "a bad chunk size",
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      400,
    ],
    [
      "Transfer-Encoding with Content-Length",
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
      400,
    ],
    ["headers too large", `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`, 431],
    [
      "an unknown Expect",
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}",
      417,
    ],
    ["a request line that is not HTTP", "HELLO\r\n\r\n", 400],
  ] as const) {
    it(`answers ${expected} with a JSON error body for ${name} (#8)`, async () => {
      const answer = await raw(simulator, head);
      assert.equal(status(answer), expected, answer.text);
      assert.match(answer.text, /content-type: application\/json/i);
      assert.equal(errorJson(answer).code, expected);
    });
  }

  it("answers 408 in JSON when headers or a body do not arrive within --headers-timeout / --request-timeout (#8)", async () => {
    const headers = await raw(simulator, "POST /v1/completions HTTP/1.1\r\nHost: x\r\n", { waitMs: 5000 });
    assert.equal(status(headers), 408, headers.text);
    assert.ok(headers.ms < 3000, `answered after ${headers.ms} ms`);
    assert.equal(errorJson(headers).code, 408);
    const body = await raw(
      simulator,
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
      { waitMs: 5000 },
    );
    assert.equal(status(body), 408, body.text);
    assert.ok(body.ms < 3500, `answered after ${body.ms} ms`);
    assert.equal(errorJson(body).code, 408);
  });
});

/** What became of one connection opened around the time draining started. */
type Fate = "answered" | "refused" | "reset" | "closed without an answer";

function connectAndAsk(port: number, request: string): Promise<Fate> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let settled = false;
    const settle = (fate: Fate) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(fate);
    };
    socket.on("connect", () => socket.write(request));
    socket.on("data", (data) => {
      received += data.toString("latin1");
      if (/^HTTP\/1\.1 \d{3}[\s\S]*\r\n\r\n/.test(received)) settle("answered");
    });
    socket.on("error", (error: NodeJS.ErrnoException) =>
      settle(
        error.code === "ECONNREFUSED" ? "refused" : received.startsWith("HTTP/1.1") ? "answered" : "reset",
      ),
    );
    socket.on("close", () =>
      settle(received.startsWith("HTTP/1.1") ? "answered" : "closed without an answer"),
    );
  });
}

describe("simulator drain on SIGTERM (issue #14)", () => {
  after(stopAll);

  it("answers every connection the kernel accepted before the listener closed; later ones are refused (#9)", async function () {
    this.timeout(60_000);
    const simulator = await start(["--model", "m", "--shutdown-read-timeout", "5s"]);
    const request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const fates: Promise<Fate>[] = [];
    for (let i = 0; i < 80; i++) {
      fates.push(connectAndAsk(simulator.port, request));
      if (i === 40) void simulator.drain(30_000);
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const counts = new Map<Fate, number>();
    for (const fate of await Promise.all(fates)) counts.set(fate, (counts.get(fate) ?? 0) + 1);
    const summary = JSON.stringify(Object.fromEntries(counts));
    assert.equal(counts.get("reset") ?? 0, 0, summary);
    assert.equal(counts.get("closed without an answer") ?? 0, 0, summary);
    assert.ok((counts.get("answered") ?? 0) >= 40, summary);
  });

  it("bounds the wait for a body that never finishes: 408 after --shutdown-read-timeout, not the grace period (#9)", async function () {
    this.timeout(30_000);
    const simulator = await start(["--model", "m", "--shutdown-read-timeout", "300ms"]);
    const stalled = raw(
      simulator,
      "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
      {
        waitMs: 8000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const finished = await simulator.drain(20_000);
    const drainMs = performance.now() - started;
    assert.ok(drainMs < 3000, `drain took ${drainMs.toFixed(0)} ms`);
    assert.equal(finished, true);
    const answer = await stalled;
    assert.equal(status(answer), 408, answer.text);
    assert.equal(errorJson(answer).code, 408);
  });
});
