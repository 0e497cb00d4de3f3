import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { StreamBody } from "../../src/protocol/stream-chunks";
import { start, stopAll, streamedText } from "../helpers/simulator";

/** Sends raw HTTP and returns everything the server sent until it closed the connection. */
function rawExchange(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

/** Splits a raw response into its head and its body, decoding a chunked body strictly. */
function parseResponse(raw: Buffer): { head: string; body: string; chunkSizes: number[] } {
  const split = raw.indexOf("\r\n\r\n");
  assert.ok(split > 0, "no end of headers");
  const head = raw.subarray(0, split).toString("latin1");
  let rest = raw.subarray(split + 4);
  if (!/^transfer-encoding: chunked$/im.test(head))
    return { head, body: rest.toString("utf8"), chunkSizes: [] };
  const parts: Buffer[] = [];
  const chunkSizes: number[] = [];
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    assert.ok(lineEnd > 0, "chunk size line missing");
    const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
    assert.ok(Number.isInteger(size), "chunk size is not hex");
    chunkSizes.push(size);
    const data = rest.subarray(lineEnd + 2, lineEnd + 2 + size);
    assert.equal(data.length, size, "chunk shorter than its declared size");
    assert.equal(
      rest.subarray(lineEnd + 2 + size, lineEnd + 4 + size).toString("latin1"),
      "\r\n",
      "chunk not followed by CRLF",
    );
    rest = rest.subarray(lineEnd + 4 + size);
    if (size === 0) break;
    parts.push(data);
  }
  assert.equal(rest.length, 0, "bytes after the last chunk");
  return { head, body: Buffer.concat(parts).toString("utf8"), chunkSizes };
}

describe("wire format of streamed responses (src/protocol/stream-chunks.ts)", () => {
  after(stopAll);

  const prompt = "héllo wörld ✓ 日本語 🙂 done";
  const request = (version: string) => {
    const body = JSON.stringify({ model: "m", prompt, max_tokens: 50, stream: true });
    return `POST /v1/completions HTTP/${version}\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  };

  it("frames every token of an HTTP/1.1 stream as a chunk of its exact byte length", async () => {
    const sim = await start(["--model", "m", "--mode", "echo", "--inter-token-latency", "2"]);
    const { head, body, chunkSizes } = parseResponse(await rawExchange(sim.port, request("1.1")));
    assert.match(head, /^HTTP\/1\.1 200/);
    assert.match(head, /content-type: text\/event-stream/i);
    assert.equal(streamedText(body).join(""), prompt);
    assert.ok(body.endsWith("data: [DONE]\n\n"));
    // One chunk per token write (several tokens, multi-byte ones among them), then the terminator.
    assert.ok(chunkSizes.length >= 6, `only ${chunkSizes.length} chunks`);
    assert.equal(chunkSizes.at(-1), 0);
  });

  it("streams an HTTP/1.0 response without chunking, ended by closing the connection", async () => {
    const sim = await start(["--model", "m", "--mode", "echo", "--inter-token-latency", "2"]);
    const { head, body, chunkSizes } = parseResponse(await rawExchange(sim.port, request("1.0")));
    assert.match(head, /^HTTP\/1\.1 200/);
    assert.doesNotMatch(head, /transfer-encoding/i);
    assert.deepEqual(chunkSizes, []);
    assert.equal(streamedText(body).join(""), prompt);
    assert.ok(body.endsWith("data: [DONE]\n\n"));
  });

  it("StreamBody writes the headers with the first piece, skips empty pieces, and res.end finishes", async () => {
    const server = http.createServer((_req, res) => {
      const body = new StreamBody(res, { "content-type": "text/plain" });
      body.write("one ");
      body.write("");
      setTimeout(() => {
        body.write("twö ✓ ");
        res.end("three");
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const { head, body, chunkSizes } = parseResponse(
        await rawExchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      );
      assert.match(head, /^HTTP\/1\.1 200 /);
      assert.match(head, /^content-type: text\/plain$/im);
      assert.equal(body, "one twö ✓ three");
      assert.deepEqual(chunkSizes, [4, Buffer.byteLength("twö ✓ "), 5, 0]);
    } finally {
      server.close();
    }
  });
});
