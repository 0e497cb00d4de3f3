/**
 * The HTTPRoute rules of one model, as plain data, and the Gateway API semantics to apply them. ModelRoute
 * declares exactly what `modelRouteRules` returns, and the e2e suite's local gateway stand-in routes
 * requests with `resolveRoute` over the very same rules, so both exercise one definition. Pure: no Pulumi.
 */

/** `PathPrefix` match on one path (the only match kind a `ReplacePrefixMatch` rewrite allows). */
export interface PathPrefixMatch {
  readonly path: { readonly type: "PathPrefix"; readonly value: string };
}

/** `URLRewrite` filter replacing the matched prefix. */
export interface ReplacePrefixFilter {
  readonly type: "URLRewrite";
  readonly urlRewrite: {
    readonly path: { readonly type: "ReplacePrefixMatch"; readonly replacePrefixMatch: string };
  };
}

/** A Service backend in the route's namespace. */
export interface ServiceBackendRef {
  readonly group: "";
  readonly kind: "Service";
  readonly name: string;
  readonly port: number;
}

/**
 * One HTTPRoute rule: exactly one PathPrefix match (the API server's CEL rule for ReplacePrefixMatch), one
 * rewrite filter, one backend.
 */
export interface ModelRouteRule {
  readonly matches: readonly [PathPrefixMatch];
  readonly filters: readonly [ReplacePrefixFilter];
  readonly backendRefs: readonly [ServiceBackendRef];
}

/** What the rules of one model's route are made from. */
export interface ModelRouteInput {
  /** Model name: the path's second segment. */
  readonly model: string;
  /** Namespace of the model's LLMInferenceService: the path's first segment (the gateway's authorisation reads both). */
  readonly namespace: string;
  /** Backend Service name. */
  readonly service: string;
  /** Backend Service port. */
  readonly port: number;
  /** API paths of the model server to expose, e.g. `/v1/chat/completions`. */
  readonly paths: readonly string[];
}

/**
 * `/<namespace>/<model>`: the gateway-side prefix of a model. The MaaS gateway authorises a request with a
 * SubjectAccessReview on `llminferenceservices/<model>` in namespace `<namespace>`, read from the path's
 * first two segments, so the prefix follows the models namespace.
 */
export function gatewayPrefix(namespace: string, model: string): string {
  return `/${namespace}/${model}`;
}

/** The gateway path that reaches `path` on a model, e.g. `/llm/model-a/v1/models`. */
export function gatewayPath(namespace: string, model: string, path: string): string {
  return gatewayPrefix(namespace, model) + (path === "/" ? "" : path);
}

/** One rule per exposed path: `PathPrefix <gateway path>` → rewrite the prefix to `<path>` → `service:port`. */
export function modelRouteRules(input: ModelRouteInput): ModelRouteRule[] {
  return input.paths.map((path) => ({
    matches: [{ path: { type: "PathPrefix", value: gatewayPath(input.namespace, input.model, path) } }],
    filters: [
      { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: path } } },
    ],
    backendRefs: [{ group: "", kind: "Service", name: input.service, port: input.port }],
  }));
}

const trimSlash = (s: string): string => s.replace(/\/+$/, "");

/** Gateway API `PathPrefix` semantics: element-wise prefix, so `/foo` matches `/foo` and `/foo/bar`, not `/foobar`. */
export function matchesPathPrefix(prefix: string, path: string): boolean {
  const p = trimSlash(prefix);
  return path === p || path.startsWith(p + "/");
}

/** Gateway API `ReplacePrefixMatch`: replaces the matched prefix of `path` (e.g. `/foo`→`/xyz`: `/foo/bar`→`/xyz/bar`). */
export function replacePrefix(prefix: string, replacement: string, path: string): string {
  const rest = path.slice(trimSlash(prefix).length);
  return trimSlash(replacement) + rest || "/";
}

/** A rule as the outputs report it (`RouteOutput`): its PathPrefix and the ReplacePrefixMatch it rewrites to. */
export interface PrefixRewrite {
  readonly prefix: string;
  readonly rewrite: string;
}

/** The prefix and rewrite of a rule. */
export function prefixRewrite(rule: ModelRouteRule): PrefixRewrite {
  return { prefix: rule.matches[0].path.value, rewrite: rule.filters[0].urlRewrite.path.replacePrefixMatch };
}

/**
 * Gateway API routing of a path (no query string) through prefix/rewrite pairs: among the matching rules the
 * longest prefix wins (the first of equals), and its prefix is replaced by its rewrite. Undefined when no rule
 * matches. The one implementation of the semantics: `resolveRoute` and `gatewayPathTo` apply it.
 */
export function rewritePath(
  rules: readonly PrefixRewrite[],
  path: string,
): { readonly index: number; readonly path: string } | undefined {
  let best = -1;
  rules.forEach((rule, i) => {
    if (!matchesPathPrefix(rule.prefix, path)) return;
    if (best < 0 || trimSlash(rule.prefix).length > trimSlash(rules[best]!.prefix).length) best = i;
  });
  if (best < 0) return undefined;
  const rule = rules[best]!;
  return { index: best, path: replacePrefix(rule.prefix, rule.rewrite, path) };
}

/**
 * The gateway path that reaches the server path `path` (e.g. `/v1/models`) through `rules`: a rule whose rewrite
 * is a path prefix of `path` (longest first), with that prefix replaced by the rule's (so `/<ns>/<model>` → `/`
 * reaches `/v1/models` at `/<ns>/<model>/v1/models`), provided the gateway routes that path back to `path` (a
 * longer prefix may capture it). Undefined when no rule reaches `path`.
 */
export function gatewayPathTo(rules: readonly PrefixRewrite[], path: string): string | undefined {
  const candidates = rules
    .filter((r) => matchesPathPrefix(r.rewrite, path))
    .sort((a, b) => trimSlash(b.rewrite).length - trimSlash(a.rewrite).length);
  for (const rule of candidates) {
    const gateway = replacePrefix(rule.rewrite, rule.prefix, path);
    if (rewritePath(rules, gateway)?.path === path) return gateway;
  }
  return undefined;
}

/** Where a gateway sends a request. */
export interface RouteTarget {
  readonly service: string;
  readonly port: number;
  /** The rewritten path, with the original query string. */
  readonly path: string;
  readonly rule: ModelRouteRule;
}

/**
 * Routes a request path (query string allowed) through `rules` like a Gateway API implementation (`rewritePath`):
 * among the matching rules the longest prefix wins; undefined when no rule matches (a gateway answers 404).
 */
export function resolveRoute(rules: readonly ModelRouteRule[], requestPath: string): RouteTarget | undefined {
  const q = requestPath.indexOf("?");
  const path = q < 0 ? requestPath : requestPath.slice(0, q);
  const query = q < 0 ? "" : requestPath.slice(q);
  const routed = rewritePath(rules.map(prefixRewrite), path);
  if (!routed) return undefined;
  const rule = rules[routed.index]!;
  const [backend] = rule.backendRefs;
  return { service: backend.name, port: backend.port, path: routed.path + query, rule };
}

/** `<model>-route`: the name of a model's HTTPRoute. */
export function modelRouteName(model: string): string {
  return `${model}-route`;
}
