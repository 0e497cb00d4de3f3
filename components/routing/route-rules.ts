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

/** Where a gateway sends a request. */
export interface RouteTarget {
  readonly service: string;
  readonly port: number;
  /** The rewritten path, with the original query string. */
  readonly path: string;
  readonly rule: ModelRouteRule;
}

/**
 * Routes a request path (query string allowed) through `rules` like a Gateway API implementation: among the
 * matching rules the longest prefix wins; undefined when no rule matches (a gateway answers 404).
 */
export function resolveRoute(rules: readonly ModelRouteRule[], requestPath: string): RouteTarget | undefined {
  const q = requestPath.indexOf("?");
  const path = q < 0 ? requestPath : requestPath.slice(0, q);
  const query = q < 0 ? "" : requestPath.slice(q);
  let best: ModelRouteRule | undefined;
  for (const rule of rules) {
    const prefix = rule.matches[0].path.value;
    if (!matchesPathPrefix(prefix, path)) continue;
    if (!best || trimSlash(prefix).length > trimSlash(best.matches[0].path.value).length) best = rule;
  }
  if (!best) return undefined;
  const [backend] = best.backendRefs;
  const rewritten = replacePrefix(
    best.matches[0].path.value,
    best.filters[0].urlRewrite.path.replacePrefixMatch,
    path,
  );
  return { service: backend.name, port: backend.port, path: rewritten + query, rule: best };
}

/** `<model>-route`: the name of a model's HTTPRoute. */
export function modelRouteName(model: string): string {
  return `${model}-route`;
}
