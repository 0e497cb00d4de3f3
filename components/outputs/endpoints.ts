/**
 * Builds the outputs' entries from the config and the names read back from the created resources: URLs, the
 * port-forward command, routes, limits. Pure, so index.ts stays a table of contents and the shapes are tested.
 */
import type { StackConfig, TierConfig } from "../config/stack-config";
import type { GatewayOutput, ModelOutput, RouteOutput, TierOutput, TokenOutput } from "./stack-outputs";
import { gatewayPath } from "../routing/route-rules";
import { managedRouteRules } from "../subscriptions/managed-route";

/** Names of a model as the cluster knows it. */
export interface CreatedModel {
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
}

/** `http[s]://<service>.<namespace>.svc.cluster.local:<port>`. */
export function inClusterUrl(service: string, namespace: string, port: number, https = false): string {
  return `${https ? "https" : "http"}://${service}.${namespace}.svc.cluster.local:${port}`;
}

/** `kubectl --context <ctx> -n <ns> port-forward service/<svc> <port>:<port>`. */
export function portForwardCommand(
  context: string,
  namespace: string,
  service: string,
  port: number,
): string {
  return `kubectl --context ${context} -n ${namespace} port-forward service/${service} ${port}:${port}`;
}

/**
 * The gateway entry of the outputs. `routes`: whether the models have HTTPRoutes on it, the stack's own
 * (maas-kind, `httpRoutes`) or KServe's managed router's (maas-subscriptions, always).
 */
export function gatewayOutput(config: StackConfig): GatewayOutput {
  return {
    namespace: config.gateway.namespace,
    name: config.gateway.name,
    baseUrl: config.gateway.baseUrl,
    hostnames: [...config.gateway.hostnames],
    routes: config.gateway.createRoutes,
  };
}

/** One model's entry of the outputs. */
export function modelOutput(config: StackConfig, created: CreatedModel): ModelOutput {
  const model = config.models.find((m) => m.name === created.name);
  if (!model) throw new Error(`no model ${created.name} in the config`);
  const base = config.gateway.baseUrl;
  const url = (p: string) => base + gatewayPath(created.namespace, created.name, p);
  return {
    name: created.name,
    tier: model.tier,
    workload: config.workload,
    namespace: created.namespace,
    service: created.service,
    port: created.port,
    inClusterUrl: inClusterUrl(created.service, created.namespace, created.port),
    gatewayUrls: {
      chatCompletions: url("/v1/chat/completions"),
      completions: url("/v1/completions"),
      models: url("/v1/models"),
    },
    routes: model.paths.map((p) => ({ prefix: gatewayPath(created.namespace, created.name, p), rewrite: p })),
    portForward: portForwardCommand(config.cluster.context, created.namespace, created.service, created.port),
  };
}

/**
 * One model's entry on the maas-subscriptions profile: its URLs and routes are those of the HTTPRoute KServe's
 * managed router creates (`subscriptions/managed-route.ts`): `/<namespace>/<model>/v1/…` on the gateway, each
 * rule's prefix and rewrite as KServe declares it. The Service serves HTTPS when `subscriptions.tls` is set.
 */
export function managedModelOutput(config: StackConfig, created: CreatedModel): ModelOutput {
  const model = config.models.find((m) => m.name === created.name);
  if (!model) throw new Error(`no model ${created.name} in the config`);
  const base = config.gateway.baseUrl;
  const url = (p: string) => base + gatewayPath(created.namespace, created.name, p);
  const routes: RouteOutput[] = managedRouteRules({
    namespace: created.namespace,
    model: created.name,
    service: created.service,
  }).map((r) => ({
    prefix: r.matches[0].path.value,
    rewrite: r.filters[0].urlRewrite.path.replacePrefixMatch,
  }));
  return {
    name: created.name,
    tier: model.tier,
    workload: "kserve",
    namespace: created.namespace,
    service: created.service,
    port: created.port,
    inClusterUrl: inClusterUrl(created.service, created.namespace, created.port, config.subscriptions.tls),
    gatewayUrls: {
      chatCompletions: url("/v1/chat/completions"),
      completions: url("/v1/completions"),
      models: url("/v1/models"),
    },
    routes,
    portForward: portForwardCommand(config.cluster.context, created.namespace, created.service, created.port),
  };
}

/**
 * One tier's entry on the maas-subscriptions profile: its token limit only (a MaaSSubscription has no request
 * limit) and the MaaSSubscription it owns, if it may use a model (else it has none).
 */
export function subscriptionTierOutput(
  tier: TierConfig,
  account: { readonly serviceAccount: string; readonly namespace: string },
  allowedModels: readonly string[],
  subscription: string | undefined,
): TierOutput {
  const { limits, ...entry } = tierOutput(tier, account, allowedModels);
  return {
    ...entry,
    limits: { tokens: limits.tokens },
    ...(subscription !== undefined ? { subscription } : {}),
  };
}

/** One tier's entry of the outputs. */
export function tierOutput(
  tier: TierConfig,
  account: { readonly serviceAccount: string; readonly namespace: string },
  allowedModels: readonly string[],
): TierOutput {
  return {
    name: tier.name,
    level: tier.level,
    serviceAccount: account.serviceAccount,
    namespace: account.namespace,
    allowedModels: [...allowedModels],
    limits: { requests: { ...tier.limits.requests }, tokens: { ...tier.limits.tokens } },
  };
}

/** One tier's token entry of the outputs. */
export function tokenOutput(
  config: StackConfig,
  account: { readonly serviceAccount: string; readonly namespace: string },
  minted: { readonly token: string; readonly expiresAt: string },
): TokenOutput {
  return {
    token: minted.token,
    audience: config.tokens.audience,
    expiresAt: minted.expiresAt,
    serviceAccount: account.serviceAccount,
    namespace: account.namespace,
    durationSeconds: config.tokens.durationSeconds,
  };
}

/** `{ [name]: entry }` from entries that carry their name. */
export function byName<T extends { readonly name: string }>(entries: readonly T[]): Record<string, T> {
  return Object.fromEntries(entries.map((e) => [e.name, e]));
}
