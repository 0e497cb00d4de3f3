/**
 * Where a model's server path is reached through the gateway, read from the outputs' `routes` with Gateway API
 * PathPrefix semantics (`gatewayPathTo`, the same semantics the local gateway routes with): the route whose
 * rewrite is the longest prefix of the path, its prefix + the rest. So a prefix rewrite `/<ns>/<model>` → `/`
 * (KServe's managed route on maas-subscriptions) reaches `/v1/models` as well as an exact rule does. Pure.
 */
import type { ModelOutput } from "../../../components/outputs/stack-outputs";
import { gatewayPathTo } from "../../../components/routing/route-rules";

/** `<gateway base URL><gateway path>` reaching `path` on `model`'s server; undefined when no route reaches it. */
export function routedUrl(
  baseUrl: string,
  model: Pick<ModelOutput, "routes">,
  path: string,
): string | undefined {
  const gatewayPath = gatewayPathTo(model.routes, path);
  return gatewayPath === undefined ? undefined : baseUrl.replace(/\/+$/, "") + gatewayPath;
}
