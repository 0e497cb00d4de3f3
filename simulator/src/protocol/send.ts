import type { ServerResponse } from "node:http";

/** Sends a whole body with its status, type and length (without Express's ETag and charset work). */
export function sendBody(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBody(res, status, "application/json", JSON.stringify(body));
}
