import type { ServerResponse } from "node:http";

/** Sends a JSON body with a status (without Express's ETag and charset work on the hot path). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
