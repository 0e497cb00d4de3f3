/**
 * TierSubscription: one tier on today's MaaS (the `maas-subscriptions` profile): the MaaSAuthPolicy that lets the
 * tier's identity use its models and the MaaSSubscription that limits its tokens on them
 * (`tier-policy-specs.ts`), in the subscription namespace, both with the stack label (`maas-kind/stack: <stack>`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TierConfig } from "../config/stack-config";
import { STACK_LABEL } from "../preflight/platform-survey";
import { maasAuthPolicySpec, maasSubscriptionSpec } from "./tier-policy-specs";

/** Arguments of TierSubscription. */
export interface TierSubscriptionArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  /** The tier (name, level, token limit). */
  readonly tier: TierConfig;
  /** The models the tier may use (at least one). */
  readonly models: readonly string[];
  /** Namespace of the models (their MaaSModelRefs). */
  readonly modelsNamespace: string;
  /** Namespace of the MaaSAuthPolicy and MaaSSubscription. */
  readonly subscriptionNamespace: string;
  /** The group that is the tier's identity (`tierIdentityGroup` of its ServiceAccounts' namespace). */
  readonly group: string;
}

/** One tier's MaaSAuthPolicy and MaaSSubscription. */
export class TierSubscription extends pulumi.ComponentResource {
  /** Name of the MaaSSubscription, as created (what the tier's API keys are bound to). */
  readonly subscriptionName: pulumi.Output<string>;
  /** Name of the MaaSAuthPolicy, as created. */
  readonly authPolicyName: pulumi.Output<string>;

  constructor(name: string, args: TierSubscriptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:subscriptions:TierSubscription", name, {}, opts);
    // Pulumi does not hand a component's dependsOn to its children: pass it on.
    const childOpts = { parent: this, provider: args.provider, dependsOn: opts?.dependsOn };
    const specArgs = {
      tier: args.tier,
      models: args.models,
      modelsNamespace: args.modelsNamespace,
      subscriptionNamespace: args.subscriptionNamespace,
      group: args.group,
    };
    const labelled = <T extends { metadata: object }>(o: T) => ({
      ...o,
      metadata: { ...o.metadata, labels: { [STACK_LABEL]: pulumi.getStack() } },
    });
    const policy = new k8s.apiextensions.CustomResource(
      `${name}-access`,
      labelled(maasAuthPolicySpec(specArgs)),
      childOpts,
    );
    const subscription = new k8s.apiextensions.CustomResource(
      `${name}-subscription`,
      labelled(maasSubscriptionSpec(specArgs)),
      childOpts,
    );
    this.authPolicyName = policy.metadata.name;
    this.subscriptionName = subscription.metadata.name;
    this.registerOutputs({ authPolicyName: this.authPolicyName, subscriptionName: this.subscriptionName });
  }
}
