/**
 * Builds the outputs' entries from the config and the names read back from the created resources: URLs, the
 * port-forward command, routes, limits. Pure, so index.ts stays a table of contents and the shapes are tested.
 */
import type { StackConfig, TierConfig } from "../config/stack-config";
import type { GatewayOutput, ModelOutput, TierOutput, TokenOutput } from "./stack-outputs";
import { gatewayPath } from "../routing/route-rules";

/** Names of a model as the cluster knows it. */
export interface CreatedModel {
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
}

/** `http://<service>.<namespace>.svc.cluster.local:<port>`. */
export function inClusterUrl(service: string, namespace: string, port: number): string {
  return `http://${service}.${namespace}.svc.cluster.local:${port}`;
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

/** The gateway entry of the outputs. */
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
