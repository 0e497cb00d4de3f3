/**
 * Namespaces: the models namespace (`llm`) and one namespace per tier (`<maasInstance>-tier-<tier>`), each a
 * NamespaceClaim: reused when the cluster already has it (a MaaS Kind install has `llm`), created with the MaaS
 * label otherwise, and deleted on destroy only if the stack created it.
 */
import * as pulumi from "@pulumi/pulumi";
import { PART_OF_MAAS } from "../models/workload-spec";
import { NamespaceClaim } from "./namespace-claim";

/** Label the stack puts on the namespaces it creates. */
export const CREATED_BY_STACK = { "app.kubernetes.io/managed-by": "maas-kind" } as const;

/** Arguments of Namespaces. */
export interface NamespacesArgs {
  /** Cluster the namespaces live in (the Kubernetes provider's context and kubeconfig). */
  readonly kube: { readonly context: pulumi.Input<string>; readonly kubeconfig?: pulumi.Input<string> };
  /** Namespace of the models (LLMInferenceServices, Services, Roles, HTTPRoutes). */
  readonly models: string;
  /** Namespace of each tier's ServiceAccount, by tier name. */
  readonly tiers: Readonly<Record<string, string>>;
}

/** The namespaces the stack uses, each reused or created. */
export class Namespaces extends pulumi.ComponentResource {
  /** Name of the models namespace, once claimed. */
  readonly models: pulumi.Output<string>;
  /** Name of each tier's namespace, once claimed, by tier name. */
  readonly tiers: Readonly<Record<string, pulumi.Output<string>>>;
  /** Namespaces the stack created (and deletes on destroy); the others it reuses. */
  readonly created: pulumi.Output<string[]>;

  constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:cluster:Namespaces", name, {}, opts);
    const claim = (key: string, nsName: string) =>
      new NamespaceClaim(
        `${name}-${key}`,
        {
          name: nsName,
          labels: { ...PART_OF_MAAS, ...CREATED_BY_STACK },
          context: args.kube.context,
          ...(args.kube.kubeconfig !== undefined ? { kubeconfig: args.kube.kubeconfig } : {}),
        },
        { parent: this },
      );
    const claims = [claim("models", args.models)];
    this.models = claims[0]!.name;
    const tiers: Record<string, pulumi.Output<string>> = {};
    for (const [tier, ns] of Object.entries(args.tiers)) {
      const c = claim(`tier-${tier}`, ns);
      claims.push(c);
      tiers[tier] = c.name;
    }
    this.tiers = tiers;
    this.created = pulumi
      .all(claims.map((c) => pulumi.all([c.name, c.created])))
      .apply((all) => all.filter(([, created]) => created === true).map(([n]) => n));
    this.registerOutputs({ models: this.models, tiers: this.tiers, created: this.created });
  }
}
