import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { ApiError, errorBody } from "../protocol/errors";
import { sendJson } from "../protocol/send";

/** How long a refused upload may go on being read (and dropped) after its 413, so the client sees it. */
const LINGER_MS = 1000;

/** The 413 every too-large body gets. */
export function bodyTooLargeMessage(limitMb: number): string {
  return `The request body is larger than ${limitMb} MiB (--max-request-body-size-mb).`;
}

/** Whether the request carries a body (a Content-Length or a Transfer-Encoding), as body-parser decides. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || req.headers["content-length"] !== undefined;
}

/**
 * Answers 413 and closes the connection without reading the rest of the body: the response says
 * `Connection: close`, the socket is half-closed once it is sent, and what the client still sends is
 * read and dropped for at most a second (closing with unread data would reset the connection, and
 * the client could lose the 413).
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limitMb: number): void {
  req.unpipe();
  req.removeAllListeners("data");
  res.setHeader("connection", "close");
  res.once("finish", () => {
    const socket = req.socket;
    socket.end();
    req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  sendJson(res, 413, errorBody(413, bodyTooLargeMessage(limitMb)));
}

/**
 * Reads a JSON request body (whatever the Content-Type says: curl -d sends form encoding) into
 * `req.body`. Unlike body-parser, it never reads past the limit: a Content-Length over it is refused
 * before any of the body is read, and a chunked upload as soon as it passes it. Malformed JSON is a 400;
 * a Content-Encoding other than identity a 415.
 */
export function jsonBody(limitMb: number): RequestHandler {
  const limit = limitMb * 1024 * 1024;
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > limit) {
      refuseTooLarge(req, res, limitMb);
      return;
    }
    const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
    if (encoding !== "identity") {
      next(new ApiError(415, `Unsupported content encoding "${encoding}": send the body uncompressed.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: ApiError) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      if (error) {
        next(error);
        return;
      }
      const text = Buffer.concat(chunks, size).toString("utf8");
      if (text.trim() === "") {
        (req as { body?: unknown }).body = {};
        next();
        return;
      }
      try {
        (req as { body?: unknown }).body = JSON.parse(text) as unknown;
      } catch (parseError) {
        next(new ApiError(400, `Malformed JSON in the request body: ${(parseError as Error).message}`));
        return;
      }
      next();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off("end", onEnd);
        req.off("error", onError);
        refuseTooLarge(req, res, limitMb);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new ApiError(400, "The request body was not received in full."));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}
