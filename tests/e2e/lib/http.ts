/**
 * The suites' HTTP client: one request with a timeout, the body read whole, JSON parsed when it is JSON. Every
 * request the suites send goes through it, so it is where the run's report sees them (`observeHttp`).
 */

/** One finished request. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, when it was JSON. */
  readonly json: unknown;
  /** Time to the last byte, in ms. */
  readonly ms: number;
}

/** What to send. */
export interface HttpRequest {
  readonly method?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly timeoutMs: number;
}

/** A request that got no HTTP answer (refused, reset, timed out); `code` is the system error code if any. */
export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
    this.name = "HttpError";
  }
}

/** One request and what came of it: an HTTP answer, or the error of a request that got none. */
export interface HttpExchange {
  readonly url: string;
  readonly method: string;
  readonly request: HttpRequest;
  /** When it was sent, in ms since the epoch. */
  readonly startedAt: number;
  readonly ms: number;
  readonly result?: HttpResult;
  readonly error?: HttpError;
}

let observer: ((exchange: HttpExchange) => void) | undefined;

/** Has `fn` called with every finished request from now on (undefined: no one). */
export function observeHttp(fn: ((exchange: HttpExchange) => void) | undefined): void {
  observer = fn;
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "TIMEOUT";
  return e.cause?.code ?? e.code ?? e.cause?.name ?? "ERROR";
}

/** Sends one request; rejects with HttpError when no HTTP answer came. */
export async function http(url: string, req: HttpRequest): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (req.body !== undefined) headers["content-type"] = "application/json";
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  const method = req.method ?? (req.body === undefined ? "GET" : "POST");
  const startedAt = Date.now();
  const start = performance.now();
  let result: HttpResult;
  try {
    const response = await fetch(url, {
      method,
      headers,
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    result = {
      status: response.status,
      headers: response.headers,
      text,
      json,
      ms: performance.now() - start,
    };
  } catch (err) {
    const code = errorCode(err);
    const what = code === "TIMEOUT" ? `no answer within ${req.timeoutMs} ms` : `request failed (${code})`;
    const error = new HttpError(url, code, what);
    observer?.({ url, method, request: req, startedAt, ms: performance.now() - start, error });
    throw error;
  }
  observer?.({ url, method, request: req, startedAt, ms: result.ms, result });
  return result;
}
