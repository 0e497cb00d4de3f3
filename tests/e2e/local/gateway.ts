/**
 * The local target's gateway: an HTTP proxy that routes with the very rule data the profile's routes declare
 * (`localRouteRules`: maas-kind's ModelRoute rules, or on maas-subscriptions those of KServe's managed route,
 * whose last rule rewrites the prefix `/<namespace>/<model>` to `/`), applied by `resolveRoute` (PathPrefix
 * match, longest prefix wins, ReplacePrefixMatch rewrite, Service backend), and reaches each backend Service through a map from
 * `<service>:<port>` to a local process, the way cluster DNS would. Optionally it applies the emulated MaaS
 * policy (./policy.ts) before forwarding and counts the tokens of each answer before finishing it. Streams pass
 * through unbuffered.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelRouteRule } from "../../../components/routing/route-rules";
import { resolveRoute } from "../../../components/routing/route-rules";
import type { PolicyEmulator } from "./policy";
import { usageTotalTokens } from "./policy";

/** What the local gateway routes, and to where. */
export interface LocalGatewayOptions {
  /** Every model's route rules. */
  readonly rules: readonly ModelRouteRule[];
  /** Base URL (e.g. `http://127.0.0.1:41234`) of each backend, by `<service>:<port>`. */
  readonly backends: ReadonlyMap<string, string>;
  /** The emulated MaaS policy; without it every routed request is forwarded. */
  readonly policy?: PolicyEmulator;
}

/** A listening local gateway. */
export interface LocalGateway {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Bodies kept to count tokens (larger answers are not counted). */
const MAX_COUNTED_BODY = 4 * 1024 * 1024;
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"];

function sendError(res: http.ServerResponse, status: number, message: string): void {
  const type =
    { 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError", 429: "RateLimitError" }[
      status
    ] ?? "InternalServerError";
  const body = JSON.stringify({
    error: { message: `local gateway: ${message}`, type, param: null, code: status },
  });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** `model` of `/<namespace>/<model>/…`: what the MaaS authorisation reads from the path. */
export function pathModel(path: string): string | undefined {
  return path.split("?")[0]!.split("/")[2] || undefined;
}

/** Starts the gateway on a free loopback port. */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const target = resolveRoute(options.rules, path);
    if (!target) return sendError(res, 404, `no route matches ${path.split("?")[0]}`);
    let tier: string | undefined;
    if (options.policy) {
      const admission = options.policy.admit(req.headers.authorization, pathModel(path));
      if (!admission.allowed) return sendError(res, admission.status, admission.message);
      tier = admission.tier;
    }
    const base = options.backends.get(`${target.service}:${target.port}`);
    if (!base) return sendError(res, 503, `no endpoints for service ${target.service}:${target.port}`);
    const url = new URL(target.path, base);
    const upstream = http.request(
      url,
      { method: req.method, headers: { ...withoutHopByHop(req.headers), host: url.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        const counting = tier !== undefined && (answer.statusCode ?? 0) < 300;
        const kept: Buffer[] = [];
        let size = 0;
        answer.on("data", (chunk: Buffer) => {
          if (counting && size + chunk.length <= MAX_COUNTED_BODY) {
            kept.push(chunk);
            size += chunk.length;
          }
          res.write(chunk);
        });
        answer.on("end", () => {
          if (counting && tier !== undefined) {
            const total = usageTotalTokens(
              Buffer.concat(kept).toString("utf8"),
              answer.headers["content-type"],
            );
            if (total !== undefined) options.policy?.report(tier, total);
          }
          res.end();
        });
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      if (res.headersSent) res.destroy();
      else sendError(res, 503, `upstream connect error: ${err.code ?? err.message}`);
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
