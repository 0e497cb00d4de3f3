/**
 * TierAccess: one ServiceAccount `<tier>-user` per tier in the tier's namespace `<maasInstance>-tier-<tier>`
 * (so maas-api maps its tokens to that tier through the namespace's projected group), one Role
 * `maas-kind-<stack>-<model>-access` per model in the models namespace (get on the Service `<model>`; get, list, create on the LLMInferenceService
 * `<model>`: what the MaaS gateway's SubjectAccessReview asks), and one RoleBinding per model binding exactly
 * the tiers whose level reaches the model's tier. No cluster-wide grants. Each tier gets a bound token from
 * the TokenRequest API, kept only as a secret.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModelConfig, TierConfig } from "../config/stack-config";
import { allowedModels, allowedTiers, modelAccessRoleName, tierServiceAccount } from "./access-matrix";
import type { MintedToken } from "./token-client";
import { TokenRequest } from "./token-request";
import { PART_OF_MAAS } from "../models/workload-spec";

/** Arguments of TierAccess. */
export interface TierAccessArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  readonly tiers: readonly TierConfig[];
  readonly models: readonly ModelConfig[];
  /** Namespace of the models (Roles and RoleBindings live there). */
  readonly modelsNamespace: pulumi.Input<string>;
  /** Namespace of each tier's ServiceAccount (`<maasInstance>-tier-<tier>`), by tier name. */
  readonly tierNamespaces: Readonly<Record<string, pulumi.Input<string>>>;
  /** Audience the tokens are bound to (`maas-default-gateway-sa`). */
  readonly audience: string;
  /** Requested token lifetime in seconds. */
  readonly tokenSeconds: number;
  /** Cluster the TokenRequests go to (the provider's context and kubeconfig). */
  readonly kube: { readonly context: pulumi.Input<string>; readonly kubeconfig?: pulumi.Input<string> };
}

function tierNamespaceOf(args: TierAccessArgs, tier: string): pulumi.Input<string> {
  const ns = args.tierNamespaces[tier];
  if (ns === undefined) throw new Error(`TierAccess: no namespace for tier ${tier}`);
  return ns;
}

/** A tier's ServiceAccount, as created. */
export interface TierAccount {
  readonly serviceAccount: string;
  readonly namespace: string;
}

/** Per-tier identities, per-model RBAC and tokens. */
export class TierAccess extends pulumi.ComponentResource {
  /** ServiceAccount per tier name, as created. */
  readonly accounts: pulumi.Output<Record<string, TierAccount>>;
  /** Models each tier may use, by tier name. */
  readonly allowedModels: Readonly<Record<string, readonly string[]>>;
  /** Token per tier name (a secret output). */
  readonly tokens: pulumi.Output<Record<string, MintedToken>>;

  constructor(name: string, args: TierAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:access:TierAccess", name, {}, opts);
    const childOpts = { parent: this, provider: args.provider };
    const sas: Record<string, k8s.core.v1.ServiceAccount> = {};
    const tokens: Record<string, pulumi.Output<MintedToken>> = {};
    const allowed: Record<string, readonly string[]> = {};

    for (const tier of args.tiers) {
      const sa = new k8s.core.v1.ServiceAccount(
        `${name}-${tier.name}-user`,
        {
          metadata: {
            name: tierServiceAccount(tier.name),
            namespace: tierNamespaceOf(args, tier.name),
            labels: { ...PART_OF_MAAS, tier: tier.name },
          },
        },
        childOpts,
      );
      sas[tier.name] = sa;
      allowed[tier.name] = allowedModels(args.tiers, args.models, tier.name);
      const token = new TokenRequest(
        `${name}-${tier.name}-token`,
        {
          namespace: sa.metadata.namespace,
          serviceAccount: sa.metadata.name,
          audience: args.audience,
          expirationSeconds: args.tokenSeconds,
          context: args.kube.context,
          ...(args.kube.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kube.kubeconfig) } : {}),
        },
        { parent: this, dependsOn: [sa] },
      );
      tokens[tier.name] = pulumi.secret(pulumi.output({ token: token.token, expiresAt: token.expiresAt }));
    }

    for (const model of args.models) {
      const role = new k8s.rbac.v1.Role(
        `${name}-${model.name}-access`,
        {
          metadata: {
            name: modelAccessRoleName(model.name, pulumi.getStack()),
            namespace: args.modelsNamespace,
          },
          rules: [
            { apiGroups: [""], resources: ["services"], resourceNames: [model.name], verbs: ["get"] },
            {
              apiGroups: ["serving.kserve.io"],
              resources: ["llminferenceservices"],
              resourceNames: [model.name],
              verbs: ["get", "list", "create"],
            },
          ],
        },
        childOpts,
      );
      new k8s.rbac.v1.RoleBinding(
        `${name}-${model.name}-access`,
        {
          metadata: {
            name: modelAccessRoleName(model.name, pulumi.getStack()),
            namespace: args.modelsNamespace,
          },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
          subjects: allowedTiers(args.tiers, model).map((t) => ({
            kind: "ServiceAccount",
            name: (sas[t] as k8s.core.v1.ServiceAccount).metadata.name,
            namespace: (sas[t] as k8s.core.v1.ServiceAccount).metadata.namespace,
          })),
        },
        childOpts,
      );
    }

    this.accounts = pulumi.all(
      Object.fromEntries(
        Object.entries(sas).map(([t, sa]) => [
          t,
          pulumi.output({ serviceAccount: sa.metadata.name, namespace: sa.metadata.namespace }),
        ]),
      ),
    );
    this.allowedModels = allowed;
    this.tokens = pulumi.secret(pulumi.all(tokens));
    this.registerOutputs({ accounts: this.accounts, allowedModels: allowed, tokens: this.tokens });
  }
}
