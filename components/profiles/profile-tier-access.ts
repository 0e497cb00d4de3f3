/**
 * The tiers' users and tokens, as both profiles declare them: TierAccess over the profile context, with or
 * without its per-model Roles (maas-kind's gateway checks RBAC; maas-subscriptions' authorises by group).
 */
import { TierAccess } from "../access/tier-access";
import type { ProfileContext } from "./profile-context";

/** Declares the `tiers` TierAccess (same name and URN on both profiles). */
export function profileTierAccess(ctx: ProfileContext, modelRoles: boolean): TierAccess {
  const { config } = ctx;
  return new TierAccess(
    "tiers",
    {
      provider: ctx.provider,
      tiers: config.tiers,
      models: config.models,
      modelsNamespace: ctx.namespaces.models,
      tierNamespaces: ctx.namespaces.tiers,
      audience: config.tokens.audience,
      tokenSeconds: config.tokens.durationSeconds,
      kube: ctx.kube,
      ...(modelRoles ? {} : { modelRoles: false }),
    },
    { dependsOn: [...ctx.afterPreflight] },
  );
}
