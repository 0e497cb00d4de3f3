/**
 * maas-api's API-key endpoints (opendatahub-io/models-as-a-service c0639b1b, maas-api/openapi3.yaml):
 * `POST /v1/api-keys` with `{name, description?, expiresIn?, ephemeral?, subscription?}` answers 201 with the key
 * (shown only then), its `id`, `keyPrefix`, `subscription`, `createdAt` and `expiresAt`; `DELETE
 * /v1/api-keys/{id}` revokes it (200, 404 when unknown); failures carry `{error: {message, type}}`. Callers
 * authenticate with a bearer token. Over HTTPS the server's certificate is checked against Node's trusted CAs, or
 * only against the given CA (PEM) when there is one (a cluster's own CA, as OpenShift's router or a Kind gateway
 * with a self-signed issuer present). Self-contained (Node built-ins through `require` inside the functions), so
 * the MaaSApiKey dynamic provider can capture it; what it throws is a plain `Error`.
 */
import type * as nodeHttp from "node:http";

/** What `POST /v1/api-keys` sends. */
export interface ApiKeyRequest {
  readonly name: string;
  readonly description?: string;
  readonly expiresIn?: string;
  readonly subscription?: string;
}

/** What `POST /v1/api-keys` answers with 201 (the fields this project keeps). */
export interface CreatedApiKey {
  /** The plaintext key, shown once. */
  readonly key: string;
  readonly keyPrefix: string;
  readonly id: string;
  readonly subscription: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** The API-key calls, against one maas-api with one bearer token. */
export interface MaaSApiClient {
  createKey(request: ApiKeyRequest): Promise<CreatedApiKey>;
  /** Revokes the key; a key maas-api does not know (404) counts as revoked. */
  revokeKey(id: string): Promise<void>;
}

/** An HTTP answer: status and body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** How long one call may take before it fails. */
export const MAAS_API_TIMEOUT_MS = 30_000;

/**
 * One HTTP(S) call with a bearer token and an optional JSON body; `ca` (PEM) replaces the trusted CAs of an
 * https URL. Rejects only when no answer arrives.
 */
export function maasApiRequest(
  method: string,
  url: string,
  token: string,
  body?: unknown,
  ca?: string,
): Promise<HttpAnswer> {
  const lib = (
    url.startsWith("https:")
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:https")
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("node:http")
  ) as typeof nodeHttp;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (payload !== undefined) headers["content-type"] = "application/json";
    const options = { method, headers, timeout: MAAS_API_TIMEOUT_MS, ...(ca !== undefined ? { ca } : {}) };
    const req = lib.request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", (e) => reject(new Error(`${method} ${url}: the answer broke off: ${e.message}`)));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${MAAS_API_TIMEOUT_MS / 1000} s`)));
    req.on("error", (e) => {
      const code = (e as NodeJS.ErrnoException).code ?? "";
      const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
        ? ca !== undefined
          ? " maas-api's certificate is not signed by the CA of maas-kind:subscriptions.maasApiCaFile."
          : " Set maas-kind:subscriptions.maasApiCaFile to the PEM file of the CA that signed maas-api's certificate."
        : " Is maas-api reachable at this URL?";
      reject(new Error(`${method} ${url} failed: ${e.message}.${hint}`));
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The message of a failed call: status, maas-api's `{error: {type, message}}` (or the body), and a hint. */
export function maasApiFailure(method: string, url: string, answer: HttpAnswer): string {
  let detail = answer.text.trim().slice(0, 500) || "(empty body)";
  try {
    const e = (JSON.parse(answer.text) as { error?: { message?: unknown; type?: unknown } }).error;
    if (e && typeof e.message === "string")
      detail = typeof e.type === "string" ? `${e.type}: ${e.message}` : e.message;
  } catch {
    // not JSON: keep the text
  }
  const hints: Record<number, string> = {
    401: " The token was not accepted: maas-api needs a token of an identity it authenticates.",
    403: " The token's identity may not do this.",
    400: " maas-api rejected the request (an unknown or inaccessible subscription reads as invalid_subscription).",
  };
  return `maas-api answered ${answer.status} to ${method} ${url}: ${detail}.${hints[answer.status] ?? ""}`;
}

/** The 201 answer of `POST /v1/api-keys`, checked: every field this project keeps is a non-empty string. */
export function parseCreatedKey(url: string, text: string): CreatedApiKey {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`maas-api's answer to POST ${url} is not JSON: ${text.slice(0, 200)}`);
  }
  const fields = ["key", "keyPrefix", "id", "subscription", "createdAt", "expiresAt"] as const;
  const missing = fields.filter((f) => typeof body?.[f] !== "string" || body[f] === "");
  if (missing.length > 0 || body === null)
    throw new Error(`maas-api's answer to POST ${url} lacks ${missing.join(", ")}`);
  const out: Record<string, string> = {};
  for (const f of fields) out[f] = body[f] as string;
  return out as unknown as CreatedApiKey;
}

/**
 * The real client: `baseUrl` is maas-api's root (e.g. `https://maas.example/maas-api`), without a trailing slash;
 * `ca` (PEM) is the only CA trusted for an https root, undefined → Node's trusted CAs.
 */
export function maasApiClient(baseUrl: string, token: string, ca?: string): MaaSApiClient {
  const root = baseUrl.replace(/\/+$/, "");
  return {
    async createKey(request) {
      const url = `${root}/v1/api-keys`;
      const answer = await maasApiRequest("POST", url, token, request, ca);
      if (answer.status !== 201) throw new Error(maasApiFailure("POST", url, answer));
      return parseCreatedKey(url, answer.text);
    },
    async revokeKey(id) {
      const url = `${root}/v1/api-keys/${encodeURIComponent(id)}`;
      const answer = await maasApiRequest("DELETE", url, token, undefined, ca);
      if (answer.status === 404 || (answer.status >= 200 && answer.status < 300)) return;
      throw new Error(maasApiFailure("DELETE", url, answer));
    },
  };
}
