/** The suites' HTTP client: one request with a timeout, the body read whole, JSON parsed when it is JSON. */

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
  const start = performance.now();
  try {
    const response = await fetch(url, {
      method: req.method ?? (req.body === undefined ? "GET" : "POST"),
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
    return { status: response.status, headers: response.headers, text, json, ms: performance.now() - start };
  } catch (err) {
    const code = errorCode(err);
    const what = code === "TIMEOUT" ? `no answer within ${req.timeoutMs} ms` : `request failed (${code})`;
    throw new HttpError(url, code, what);
  }
}
