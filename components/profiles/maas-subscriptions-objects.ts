/**
 * The `maas-subscriptions` profile's objects (today's MaaS, models-as-a-service c0639b1b): per tier a
 * ServiceAccount in its own namespace and its token, with no RBAC (TierAccess with `modelRoles: false`: the
 * gateway's AuthPolicy that maas-controller generates authorises by group, see tier-access.ts); per model its
 * LLMInferenceService with KServe's managed router and its MaaSModelRef, per tier its MaaSAuthPolicy,
 * MaaSSubscription and, when `subscriptions.maasApiUrl` is set, an API key minted with the tier's token
 * (SubscriptionsPlatform). No HTTPRoute of the stack's (KServe creates `<model>-kserve-route`) and no model PVC
 * (the storage initializer is off). Plain functions, like the maas-kind profile's.
 */
import * as pulumi from "@pulumi/pulumi";
import { SIMULATOR_PORT, workloadServiceName } from "../models/workload-spec";
import { byName, managedModelOutput, subscriptionTierOutput, tokenOutput } from "../outputs/endpoints";
import { SubscriptionsPlatform } from "../subscriptions/subscriptions-platform";
import { profileTierAccess } from "./profile-tier-access";
import type { ProfileContext, ProfileOutputs } from "./profile-context";

/** Declares the maas-subscriptions profile's objects and returns its outputs. */
export function maasSubscriptionsObjects(ctx: ProfileContext): ProfileOutputs {
  const { config, provider, afterPreflight } = ctx;

  // Tier users and their tokens, for the audience this profile's gateway reviews; no Roles.
  const access = profileTierAccess(ctx, false);

  // Models, their MaaSModelRefs; each tier's policy, subscription and API key.
  const s = config.subscriptions;
  const platform = new SubscriptionsPlatform(
    "subscriptions",
    {
      provider,
      models: config.models,
      tiers: config.tiers,
      modelsNamespace: config.namespaces.models,
      tierNamespaces: config.namespaces.tiers,
      subscriptionNamespace: s.namespace,
      gatewayNamespace: config.gateway.namespace,
      gatewayName: config.gateway.name,
      apiVersion: config.kserveApiVersion,
      image: ctx.image.ref,
      imageId: ctx.image.id,
      tls: s.tls,
      readinessTimeoutSeconds: config.readinessTimeoutSeconds,
      ...(ctx.pullSecret ? { imagePullSecrets: [ctx.pullSecret] } : {}),
      ...(s.maasApiUrl !== undefined
        ? {
            apiKeys: {
              maasApiUrl: s.maasApiUrl,
              ...(s.apiKeyExpiresIn !== undefined ? { expiresIn: s.apiKeyExpiresIn } : {}),
              tokens: pulumi.secret(
                access.tokens.apply((t) =>
                  Object.fromEntries(Object.entries(t).map(([tier, minted]) => [tier, minted.token])),
                ),
              ),
              ...(s.maasApiCa !== undefined ? { caCert: s.maasApiCa.pem } : {}),
            },
          }
        : {}),
    },
    {
      dependsOn: [...afterPreflight, ctx.namespaces.resource, ...(ctx.gatewayApi ? [ctx.gatewayApi] : [])],
    },
  );

  return {
    models: platform.models.apply((created) =>
      byName(
        Object.entries(created).map(([name, namespace]) =>
          managedModelOutput(config, {
            name,
            namespace,
            service: workloadServiceName(name),
            port: SIMULATOR_PORT,
          }),
        ),
      ),
    ),
    tiers: pulumi
      .all([access.accounts, platform.subscriptions])
      .apply(([accounts, subscriptions]) =>
        byName(
          config.tiers.map((t) =>
            subscriptionTierOutput(
              t,
              accounts[t.name]!,
              access.allowedModels[t.name] ?? [],
              subscriptions[t.name],
            ),
          ),
        ),
      ),
    tokens: pulumi.secret(
      pulumi
        .all([access.accounts, access.tokens])
        .apply(([accounts, minted]) =>
          Object.fromEntries(
            config.tiers.map((t) => [t.name, tokenOutput(config, accounts[t.name]!, minted[t.name]!)]),
          ),
        ),
    ),
    apiKeys: platform.apiKeys,
  };
}
