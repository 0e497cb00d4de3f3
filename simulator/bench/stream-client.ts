import http from "node:http";

/** Timing errors observed by a streaming client, in milliseconds. */
export interface StreamErrors {
  ttft: number[];
  itl: number[];
  failed: number;
}

/** A keep-alive agent that keeps every connection open between rounds. */
export function streamAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
}

const FRAME_END = Buffer.from("\n\n");

/**
 * Opens `count` concurrent streams (POST /v1/completions, `tokens` tokens each) over a keep-alive
 * node:http agent and records |observed − expected| for each stream's TTFT (from sending the request
 * to its first token) and for every gap between consecutive tokens. The first `tokens` SSE frames of a
 * text-completion stream are its tokens; frames are counted on raw buffers to keep the client cheap.
 */
export async function measureStreams(
  agent: http.Agent,
  port: number,
  count: number,
  expected: { ttftMs: number; itlMs: number; tokens: number },
  into: StreamErrors = { ttft: [], itl: [], failed: 0 },
): Promise<StreamErrors> {
  const body = JSON.stringify({
    model: "model-a",
    prompt: "x",
    max_tokens: expected.tokens,
    ignore_eos: true,
    stream: true,
  });
  const one = () =>
    new Promise<void>((resolve) => {
      let sentAt = 0;
      let last = 0;
      let frames = 0;
      let carry = false; // the previous chunk ended with "\n"
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/v1/completions",
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          response.on("data", (chunk: Buffer) => {
            const now = performance.now();
            let at = 0;
            if (carry && chunk[0] === 10) {
              at = 1;
              frames++;
              if (frames <= expected.tokens) record(now);
            }
            for (let end = chunk.indexOf(FRAME_END, at); end >= 0; end = chunk.indexOf(FRAME_END, end + 2)) {
              frames++;
              if (frames <= expected.tokens) record(now);
            }
            carry = chunk[chunk.length - 1] === 10;
          });
          response.on("end", () => {
            if (frames < expected.tokens || response.statusCode !== 200) into.failed++;
            resolve();
          });
          response.on("error", () => {
            into.failed++;
            resolve();
          });
        },
      );
      const record = (now: number) => {
        if (frames === 1) into.ttft.push(Math.abs(now - sentAt - expected.ttftMs));
        else into.itl.push(Math.abs(now - last - expected.itlMs));
        last = now;
      };
      request.on("error", () => {
        into.failed++;
        resolve();
      });
      sentAt = performance.now();
      request.end(body);
    });
  await Promise.all(Array.from({ length: count }, one));
  return into;
}
