/**
 * SubscriptionsPlatform: everything the `maas-subscriptions` profile declares on today's MaaS, from the same
 * `models` and `tiers` config as the Kind profile: per model a SubscriptionModel (LLMInferenceService in the 2026
 * shape and its MaaSModelRef), per tier that may use at least one model a TierSubscription (MaaSAuthPolicy and
 * MaaSSubscription owned by the tier's identity group) and, when maas-api is given, a MaaSApiKey bound to that
 * subscription, minted with the tier's own token. A tier that may use no model gets none of these (MaaS needs
 * at least one model reference).
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { allowedModels } from "../access/access-matrix";
import type { ModelConfig, TierConfig } from "../config/stack-config";
import { MaaSApiKey } from "./maas-api-key";
import { SubscriptionModel } from "./subscription-model";
import { tierIdentityGroup } from "./tier-policy-specs";
import { TierSubscription } from "./tier-subscription";

/** An API key as the outputs report it (`ApiKeyOutput`). */
export interface TierApiKey {
  readonly key: string;
  /** maas-api's id of the key. */
  readonly id: string;
  readonly expiresAt: string;
  readonly subscription: string;
}

/** Arguments of SubscriptionsPlatform. */
export interface SubscriptionsPlatformArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  /** The models. */
  readonly models: readonly ModelConfig[];
  /** The tiers. */
  readonly tiers: readonly TierConfig[];
  /** Namespace of the models and their MaaSModelRefs. */
  readonly modelsNamespace: string;
  /** Namespace of each tier's ServiceAccounts, by tier name: the tier's identity is that namespace's group. */
  readonly tierNamespaces: Readonly<Record<string, string>>;
  /** Namespace of the MaaSAuthPolicy and MaaSSubscription objects. */
  readonly subscriptionNamespace: string;
  /** Namespace of the Gateway the models attach to. */
  readonly gatewayNamespace: string;
  /** Name of that Gateway; undefined → `maas-default-gateway`. */
  readonly gatewayName?: string;
  /** Image pull secrets of the model pods. */
  readonly imagePullSecrets?: readonly pulumi.Input<string>[];
  /** apiVersion of the LLMInferenceServices. */
  readonly apiVersion: string;
  /** Simulator image reference. */
  readonly image: pulumi.Input<string>;
  /** Simulator image id; a change rolls the pods. */
  readonly imageId: pulumi.Input<string>;
  /** True: HTTPS from KServe's certificates; false: plain HTTP (Kind). */
  readonly tls: boolean;
  /** How long `pulumi up` waits for each model to be Ready. */
  readonly readinessTimeoutSeconds: number;
  /** maas-api, to mint one API key per tier; undefined → no keys. */
  readonly apiKeys?: {
    /** maas-api's root URL. */
    readonly maasApiUrl: pulumi.Input<string>;
    /** Lifetime of the keys; undefined → maas-api's maximum. */
    readonly expiresIn?: string;
    /** Each tier's bearer token (secret), by tier name. */
    readonly tokens: pulumi.Input<Record<string, string>>;
    /** PEM of the CA that signed maas-api's certificate; undefined → Node's trusted CAs. */
    readonly caCert?: string;
  };
}

/** The `maas-subscriptions` profile's objects. */
export class SubscriptionsPlatform extends pulumi.ComponentResource {
  /** The models, as created (name → namespace). */
  readonly models: pulumi.Output<Record<string, string>>;
  /** Each tier's MaaSSubscription name, for the tiers that have one. */
  readonly subscriptions: pulumi.Output<Record<string, string>>;
  /** Each tier's API key (secret), for the tiers that have one; empty without maas-api. */
  readonly apiKeys: pulumi.Output<Record<string, TierApiKey>>;

  constructor(name: string, args: SubscriptionsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:subscriptions:SubscriptionsPlatform", name, {}, opts);
    // Pulumi does not hand a component's dependsOn to its children: the models get it (namespaces, preflight);
    // the tiers' objects wait for the models, so for it too.
    const childOpts = { parent: this };
    const models = args.models.map(
      (model) =>
        new SubscriptionModel(
          model.name,
          {
            provider: args.provider,
            model,
            namespace: args.modelsNamespace,
            apiVersion: args.apiVersion,
            gatewayNamespace: args.gatewayNamespace,
            ...(args.gatewayName !== undefined ? { gatewayName: args.gatewayName } : {}),
            ...(args.imagePullSecrets !== undefined ? { imagePullSecrets: args.imagePullSecrets } : {}),
            image: args.image,
            imageId: args.imageId,
            tls: args.tls,
            readinessTimeoutSeconds: args.readinessTimeoutSeconds,
          },
          { ...childOpts, dependsOn: opts?.dependsOn },
        ),
    );
    const subscriptions: Record<string, pulumi.Output<string>> = {};
    const keys: Record<string, pulumi.Output<TierApiKey>> = {};
    for (const tier of args.tiers) {
      const allowed = allowedModels(args.tiers, args.models, tier.name);
      if (allowed.length === 0) continue;
      const namespace = args.tierNamespaces[tier.name];
      if (namespace === undefined)
        throw new Error(`SubscriptionsPlatform ${name}: no namespace for tier ${tier.name}`);
      const sub = new TierSubscription(
        `tier-${tier.name}`,
        {
          provider: args.provider,
          tier,
          models: allowed,
          modelsNamespace: args.modelsNamespace,
          subscriptionNamespace: args.subscriptionNamespace,
          group: tierIdentityGroup(namespace),
        },
        { ...childOpts, dependsOn: models },
      );
      subscriptions[tier.name] = sub.subscriptionName;
      if (args.apiKeys) {
        const key = new MaaSApiKey(
          `${tier.name}-api-key`,
          {
            baseUrl: args.apiKeys.maasApiUrl,
            token: pulumi.secret(pulumi.output(args.apiKeys.tokens).apply((t) => tokenOf(t, tier.name))),
            name: `maas-kind-${tier.name}`,
            description: `maas-kind test identity of tier ${tier.name}`,
            ...(args.apiKeys.expiresIn !== undefined ? { expiresIn: args.apiKeys.expiresIn } : {}),
            subscription: sub.subscriptionName,
            ...(args.apiKeys.caCert !== undefined ? { caCert: args.apiKeys.caCert } : {}),
          },
          { ...childOpts, dependsOn: [sub] },
        );
        keys[tier.name] = pulumi.output({
          key: key.key,
          id: key.id,
          expiresAt: key.expiresAt,
          subscription: key.boundSubscription,
        });
      }
    }
    this.models = pulumi
      .all(models.map((m) => pulumi.all([m.name, m.namespace])))
      .apply((pairs) => Object.fromEntries(pairs));
    this.subscriptions = pulumi.output(subscriptions);
    this.apiKeys = pulumi.secret(pulumi.output(keys));
    this.registerOutputs({ models: this.models, subscriptions: this.subscriptions, apiKeys: this.apiKeys });
  }
}

function tokenOf(tokens: Record<string, string>, tier: string): string {
  const t = tokens[tier];
  if (t === undefined) throw new Error(`no token for tier ${tier}`);
  return t;
}
