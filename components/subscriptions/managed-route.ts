/**
 * The HTTPRoute KServe's managed router creates for an LLMInferenceService with `router.route: {}` and no
 * scheduler, as rule data (the shape of `routing/route-rules.ts`, so `resolveRoute` applies Gateway API semantics
 * to it). From kserve/kserve v0.17.0:
 *
 * - config/llmisvcconfig/config-llm-router-route.yaml (the well-known `kserve-config-llm-router-route`): three
 *   rules, PathPrefix `/<namespace>/<name>/v1/completions` → ReplacePrefixMatch `/v1/completions`,
 *   `/<namespace>/<name>/v1/chat/completions` → `/v1/chat/completions` (both to the InferencePool), and
 *   `/<namespace>/<name>` → `/` (to the Service `<name>-kserve-workload-svc`, port 8000); no hostnames;
 * - pkg/controller/v1alpha2/llmisvc/config_merge.go: that config is merged in when `router.route` has no refs; the
 *   gateway refs replace its parentRefs; without a scheduler every InferencePool backend becomes the Service
 *   `<name>-kserve-workload-svc` (kind Service, group "");
 * - pkg/controller/v1alpha2/llmisvc/router.go `expectedHTTPRoute`: the route is named `<name>-kserve-route`, in the
 *   service's namespace.
 *
 * Pure.
 */
import type { ModelRouteRule } from "../routing/route-rules";
import { gatewayPrefix } from "../routing/route-rules";

/** The port of the managed route's backends (the template's `port: 8000`). */
export const MANAGED_ROUTE_PORT = 8000;

/** `<name>-kserve-route`: the managed HTTPRoute's name. */
export function managedRouteName(model: string): string {
  return `${model}-kserve-route`;
}

/** What the managed route of one model is made from. */
export interface ManagedRouteInput {
  /** The LLMInferenceService's namespace: the path's first segment. */
  readonly namespace: string;
  /** Its name: the path's second segment. */
  readonly model: string;
  /** The workload Service (`<name>-kserve-workload-svc`). */
  readonly service: string;
}

/** The managed route's rules, in the template's order. */
export function managedRouteRules(input: ManagedRouteInput): ModelRouteRule[] {
  const prefix = gatewayPrefix(input.namespace, input.model);
  const rule = (match: string, rewrite: string): ModelRouteRule => ({
    matches: [{ path: { type: "PathPrefix", value: match } }],
    filters: [
      {
        type: "URLRewrite",
        urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: rewrite } },
      },
    ],
    backendRefs: [{ group: "", kind: "Service", name: input.service, port: MANAGED_ROUTE_PORT }],
  });
  return [
    rule(`${prefix}/v1/completions`, "/v1/completions"),
    rule(`${prefix}/v1/chat/completions`, "/v1/chat/completions"),
    rule(prefix, "/"),
  ];
}
