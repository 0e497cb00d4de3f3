/**
 * maas-api's tier lookup, transcribed from opendatahub-io/models-as-a-service commit
 * 30050fd3fed96184a2905ff6ce71c453a2c1f0c8:
 *
 * - `maas-api/internal/tier/mapper.go`, `loadTierConfig`: the tiers are the YAML list under the `tiers` key of the
 *   ConfigMap `tier-to-group-mapping` (`internal/constant/const.go`) in maas-api's namespace; each tier's groups
 *   get the projected group `system:serviceaccounts:<instance>-tier-<tier>` (`ProjectedSAGroup`,
 *   `ProjectedNsName`).
 * - `GetTierForGroups`: tiers sorted by level, highest first (stable); the first tier holding any of the
 *   caller's groups wins; none → an error (GroupNotFoundError). Only groups count, never the user name.
 * - `internal/config/config.go`, `Load`: the instance is `INSTANCE_NAME`, else `GATEWAY_NAME`, else
 *   `constant.DefaultGatewayName` = `maas-default-gateway`; the Kind overlay's Deployment sets none of them.
 * - `internal/token/manager.go`: maas-api's own tokens come from ServiceAccounts in namespace
 *   `<instance>-tier-<tier>` (`ensureTierNamespace`), with audience `<instance>-sa` (`createServiceAccountToken`).
 *
 * The groups of a ServiceAccount token are Kubernetes': `system:serviceaccounts`,
 * `system:serviceaccounts:<namespace>` (k8s.io/apiserver serviceaccount.MakeGroupNames) and
 * `system:authenticated` (added to every authenticated user).
 */
import { parse } from "yaml";
import type { K8sObject } from "./k8s-object";

/** maas-api's instance name when the Deployment sets neither INSTANCE_NAME nor GATEWAY_NAME. */
export const DEFAULT_INSTANCE = "maas-default-gateway";
/** The tier mapping ConfigMap's name. */
export const TIER_MAPPING = "tier-to-group-mapping";

/** One tier as maas-api reads it. */
export interface Tier {
  readonly name: string;
  readonly level: number;
  readonly groups: readonly string[];
}

/** `<instance>-tier-<tier>`: the namespace whose ServiceAccounts maas-api puts in the tier. */
export function tierNamespace(instance: string, tier: string): string {
  return `${instance}-tier-${tier}`;
}

/** The tiers of the ConfigMap, each with its projected group. */
export function loadTiers(configMap: K8sObject, instance: string = DEFAULT_INSTANCE): Tier[] {
  const data = (configMap.data as Record<string, string> | undefined)?.tiers;
  if (data === undefined) throw new Error("tier to group mapping configuration not found");
  const raw = parse(data) as { name: string; level?: number; groups?: string[] }[];
  return raw.map((t) => ({
    name: t.name,
    level: t.level ?? 0,
    groups: [...(t.groups ?? []), `system:serviceaccounts:${tierNamespace(instance, t.name)}`],
  }));
}

/** The tier of a caller with `groups`, or undefined when no tier holds any of them. */
export function tierForGroups(tiers: readonly Tier[], groups: readonly string[]): string | undefined {
  if (groups.length === 0) throw new Error("no groups provided");
  const sorted = [...tiers].sort((a, b) => b.level - a.level);
  return sorted.find((t) => groups.some((g) => t.groups.includes(g)))?.name;
}

/** The user name of a ServiceAccount's token. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The groups of a ServiceAccount's token. */
export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"];
}
