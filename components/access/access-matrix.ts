/**
 * Who may use which model: a tier reaches exactly the models whose tier level is ≤ its own level. Pure, so
 * the RBAC objects, the outputs and the tests all derive from one rule.
 */
import type { ModelConfig, TierConfig } from "../config/stack-config";

/** `<tier>-user`: the ServiceAccount that represents a tier's users. */
export function tierServiceAccount(tier: string): string {
  return `${tier}-user`;
}

/**
 * `maas-kind-<stack>-<model>-access`: the Role (and RoleBinding) granting use of one model. Scoped to the stack so
 * it can never clash with another's objects in the models namespace (a MaaS Kind install has its own
 * `<model>-access` Roles there); the stack name is lowercased and anything but letters, digits and '-' becomes '-'.
 */
export function modelAccessRoleName(model: string, stack: string): string {
  const scope =
    stack
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "stack";
  return `maas-kind-${scope}-${model}-access`;
}

function levelOf(tiers: readonly TierConfig[], name: string): number {
  const t = tiers.find((x) => x.name === name);
  if (!t) throw new Error(`unknown tier ${name}`);
  return t.level;
}

/** Names of the models `tier` may use, in model order. */
export function allowedModels(
  tiers: readonly TierConfig[],
  models: readonly Pick<ModelConfig, "name" | "tier">[],
  tier: string,
): string[] {
  const level = levelOf(tiers, tier);
  return models.filter((m) => levelOf(tiers, m.tier) <= level).map((m) => m.name);
}

/** Names of the tiers that may use `model`, in tier order. */
export function allowedTiers(
  tiers: readonly TierConfig[],
  model: Pick<ModelConfig, "name" | "tier">,
): string[] {
  const level = levelOf(tiers, model.tier);
  return tiers.filter((t) => t.level >= level).map((t) => t.name);
}
