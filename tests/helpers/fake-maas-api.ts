/**
 * A fake maas-api on 127.0.0.1 serving the API-key endpoints in the shapes of the vendored
 * `maas-api/openapi3.yaml` (opendatahub-io/models-as-a-service c0639b1b): request bodies are validated against
 * its `POST /v1/api-keys` request schema and every 201 answer against its response schema, so the client and
 * this fake cannot drift from the published API. Bearer tokens map to users; subscriptions must be known
 * (else 400 `invalid_subscription`, as the API describes); DELETE answers 200 (revoked), 403 (another user's
 * key) or 404. Served over HTTPS when given a certificate and key.
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { CRD_DIR } from "./crd-validator";

/** The vendored OpenAPI description of maas-api. */
export const MAAS_API_OPENAPI = path.join(CRD_DIR, "models-as-a-service@c0639b1b/maas-api/openapi3.yaml");

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: Body; responses: Record<string, Body> }>>;
}
interface Body {
  content?: { "application/json"?: { schema: object } };
}

function schemas() {
  const doc = parse(readFileSync(MAAS_API_OPENAPI, "utf8")) as OpenApi;
  const post = doc.paths["/v1/api-keys"]!.post!;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  return {
    request: ajv.compile(post.requestBody!.content!["application/json"]!.schema),
    created: ajv.compile(post.responses["201"]!.content!["application/json"]!.schema),
  };
}

/** One key the fake holds. */
export interface FakeKey {
  readonly id: string;
  readonly key: string;
  readonly user: string;
  readonly name: string;
  readonly subscription: string;
  readonly expiresAt: string;
  status: "active" | "revoked";
}

/** Per-request override: answer with this status and body instead. */
export type FakeOverride = { status: number; body: string } | "hang";

export class FakeMaaSApi {
  readonly keys: FakeKey[] = [];
  /** Every request, as `METHOD path`. */
  readonly requests: string[] = [];
  /** Bodies of the POSTs, as parsed. */
  readonly bodies: unknown[] = [];
  /** The next requests' answers, first to last (consumed). */
  readonly overrides: FakeOverride[] = [];
  /** Problems of any 201 this fake sent against the OpenAPI response schema (must stay empty). */
  readonly responseProblems: string[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    private readonly users: Record<string, string>,
    private readonly subscriptions: readonly string[],
  ) {}

  /**
   * Starts a fake that accepts `users` (bearer token → user name) and knows `subscriptions`; with `tls` (PEM
   * certificate and key) it serves HTTPS.
   */
  static async start(
    users: Record<string, string>,
    subscriptions: readonly string[],
    tls?: { readonly cert: string; readonly key: string },
  ): Promise<FakeMaaSApi> {
    const s = schemas();
    const ref: { fake?: FakeMaaSApi } = {};
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (text += c));
      req.on("end", () => ref.fake!.handle(s, req, text, res));
    };
    const server = tls
      ? https.createServer({ cert: tls.cert, key: tls.key }, listener)
      : http.createServer(listener);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const scheme = tls ? "https" : "http";
    ref.fake = new FakeMaaSApi(server, `${scheme}://127.0.0.1:${port}/maas-api`, users, subscriptions);
    return ref.fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(
    s: ReturnType<typeof schemas>,
    req: http.IncomingMessage,
    text: string,
    res: http.ServerResponse,
  ): void {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const error = (status: number, type: string, message: string) =>
      send(status, { error: { type, message } });
    this.requests.push(`${req.method} ${req.url}`);
    const override = this.overrides.shift();
    if (override === "hang") return;
    if (override) return send(override.status, override.body);
    const user = this.users[(req.headers.authorization ?? "").replace(/^Bearer /, "")];
    if (user === undefined) return error(401, "unauthorized", "authentication required");
    const url = req.url ?? "";
    if (req.method === "POST" && url === "/maas-api/v1/api-keys") {
      let body: { name?: string; expiresIn?: string; subscription?: string };
      try {
        body = JSON.parse(text);
      } catch {
        return error(400, "invalid_request", "body is not JSON");
      }
      this.bodies.push(body);
      if (!s.request(body)) return error(400, "invalid_request", JSON.stringify(s.request.errors));
      if (!body.name) return error(400, "invalid_request", "name is required for regular keys");
      if (!body.subscription || !this.subscriptions.includes(body.subscription))
        return error(400, "invalid_subscription", "invalid subscription");
      const m = /^(\d+)(d|h|m)$/.exec(body.expiresIn ?? "90d");
      if (!m) return error(400, "invalid_request", `invalid expiresIn ${body.expiresIn}`);
      const seconds = Number(m[1]) * { d: 86400, h: 3600, m: 60 }[m[2] as "d" | "h" | "m"];
      const n = this.keys.length + 1;
      const key: FakeKey = {
        id: `key_${n}`,
        key: `sk-oai-secret${n}`,
        user,
        name: body.name,
        subscription: body.subscription,
        expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
        status: "active",
      };
      this.keys.push(key);
      const created = {
        key: key.key,
        keyPrefix: key.key.slice(0, 10),
        id: key.id,
        name: key.name,
        subscription: key.subscription,
        createdAt: new Date().toISOString(),
        expiresAt: key.expiresAt,
        ephemeral: false,
      };
      if (!s.created(created)) this.responseProblems.push(JSON.stringify(s.created.errors));
      return send(201, created);
    }
    const del = /^\/maas-api\/v1\/api-keys\/([^/]+)$/.exec(url);
    if (req.method === "DELETE" && del) {
      const key = this.keys.find((k) => k.id === decodeURIComponent(del[1]!));
      if (!key) return error(404, "not_found", "API key not found");
      if (key.user !== user) return error(403, "forbidden", "cannot revoke another user's key");
      key.status = "revoked";
      return send(200, {
        id: key.id,
        name: key.name,
        subscription: key.subscription,
        creationDate: new Date().toISOString(),
        status: "revoked",
        ephemeral: false,
      });
    }
    return error(404, "not_found", `no route ${req.method} ${url}`);
  }
}
