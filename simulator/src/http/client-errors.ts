import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { errorBody } from "../protocol/errors";
import { sendJson } from "../protocol/send";

/** The status and message for an error of Node's HTTP parser or of its timeouts. */
function describe(error: NodeJS.ErrnoException): { status: number; message: string } {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, message: "The request headers are too large." };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        message: "The request was not received in time (--headers-timeout / --request-timeout).",
      };
    case "HPE_INVALID_CHUNK_SIZE":
      return { status: 400, message: "Malformed chunked body: invalid chunk size." };
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
      return { status: 400, message: "Malformed request: both Transfer-Encoding and Content-Length." };
    default:
      return { status: 400, message: `Malformed HTTP request (${error.code ?? error.message}).` };
  }
}

/**
 * The server's `clientError` listener: what Node's HTTP parser refuses (bad chunk sizes, Transfer-Encoding
 * with Content-Length, headers too large, requests too slow) gets the OpenAI-style JSON error body, where
 * Node would send an empty one, then the connection is closed. Nothing is sent when the client is gone or
 * a response on the connection has begun.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inProgress = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || (inProgress && inProgress.headersSent)) {
    socket.destroy();
    return;
  }
  const { status, message } = describe(error);
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The `checkExpectation` listener: an `Expect` other than 100-continue is a 417, in JSON. */
export function onUnknownExpectation(_req: unknown, res: ServerResponse): void {
  res.setHeader("connection", "close");
  sendJson(res, 417, errorBody(417, "Only 'Expect: 100-continue' is supported."));
}
