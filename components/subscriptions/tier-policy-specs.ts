/**
 * A tier's access and limits as maas-controller reads them (opendatahub-io/models-as-a-service c0639b1b,
 * deployment/base/maas-controller/crd/bases/maas.opendatahub.io_maasauthpolicies.yaml and
 * maas.opendatahub.io_maassubscriptions.yaml; docs/samples/maas-system/free/maas/): a `MaaSAuthPolicy` whose
 * subjects may use the tier's models, and a `MaaSSubscription` owned by the same identity whose
 * `tokenRateLimits` are the tier's token limit on each of those models, so the limit the outputs report is the
 * limit the platform enforces. Both live in the subscription namespace. Pure.
 */
import type { TierConfig } from "../config/stack-config";
import { maasWindow } from "../config/maas-window";
import { MAAS_API_VERSION } from "./maas-model-ref-spec";

/** Where MaaS reads subscriptions and auth policies unless configured otherwise (local-deploy.sh). */
export const DEFAULT_SUBSCRIPTION_NAMESPACE = "models-as-a-service";

/**
 * A tier's identity: the group Kubernetes gives every ServiceAccount of the tier's namespace,
 * `system:serviceaccounts:<namespace>` (k8s.io/apiserver serviceaccount.MakeGroupNames).
 */
export function tierIdentityGroup(serviceAccountNamespace: string): string {
  return `system:serviceaccounts:${serviceAccountNamespace}`;
}

/** `<tier>-access`: the tier's MaaSAuthPolicy. */
export function tierAuthPolicyName(tier: string): string {
  return `${tier}-access`;
}

/** `<tier>-subscription`: the tier's MaaSSubscription (what its API keys are bound to). */
export function tierSubscriptionName(tier: string): string {
  return `${tier}-subscription`;
}

/** Inputs of the tier's objects. */
export interface TierPolicyArgs {
  readonly tier: Pick<TierConfig, "name" | "level" | "limits">;
  /** The models the tier may use (at least one). */
  readonly models: readonly string[];
  /** Namespace of the models (their MaaSModelRefs). */
  readonly modelsNamespace: string;
  /** Namespace of the MaaSAuthPolicy and MaaSSubscription. */
  readonly subscriptionNamespace: string;
  /** The group that is the tier's identity (see `tierIdentityGroup`). */
  readonly group: string;
}

/** Subjects or owner: groups as `{name}` objects, users as strings (both present: the CEL rule sizes both). */
export interface MaaSSubjects {
  readonly groups: readonly { readonly name: string }[];
  readonly users: readonly string[];
}

/** The MaaSAuthPolicy object. */
export interface MaaSAuthPolicyObject {
  readonly apiVersion: typeof MAAS_API_VERSION;
  readonly kind: "MaaSAuthPolicy";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly modelRefs: readonly { readonly name: string; readonly namespace: string }[];
    readonly subjects: MaaSSubjects;
  };
}

/** The MaaSSubscription object. */
export interface MaaSSubscriptionObject {
  readonly apiVersion: typeof MAAS_API_VERSION;
  readonly kind: "MaaSSubscription";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly owner: MaaSSubjects;
    readonly modelRefs: readonly {
      readonly name: string;
      readonly namespace: string;
      readonly tokenRateLimits: readonly { readonly limit: number; readonly window: string }[];
    }[];
    readonly priority: number;
  };
}

function checked(args: TierPolicyArgs): void {
  if (args.models.length === 0)
    throw new Error(`tier ${args.tier.name} may use no model: MaaS needs at least one model reference`);
}

/** The tier's MaaSAuthPolicy: its identity group may use its models. */
export function maasAuthPolicySpec(args: TierPolicyArgs): MaaSAuthPolicyObject {
  checked(args);
  return {
    apiVersion: MAAS_API_VERSION,
    kind: "MaaSAuthPolicy",
    metadata: { name: tierAuthPolicyName(args.tier.name), namespace: args.subscriptionNamespace },
    spec: {
      modelRefs: args.models.map((name) => ({ name, namespace: args.modelsNamespace })),
      subjects: { groups: [{ name: args.group }], users: [] },
    },
  };
}

/**
 * The tier's MaaSSubscription: owned by its identity group, the tier's token limit on each model, priority the
 * tier's level (maas-api binds a key created without `subscription` to the highest priority). Throws when the
 * tier's token window has no MaaS form (the stack config rejects such windows first, naming the key).
 */
export function maasSubscriptionSpec(args: TierPolicyArgs): MaaSSubscriptionObject {
  checked(args);
  const { limit, windowSeconds } = args.tier.limits.tokens;
  const window = maasWindow(windowSeconds);
  if (window === undefined)
    throw new Error(
      `tier ${args.tier.name}: a token window of ${windowSeconds}s has no MaaS form (1-9999 s, m or h)`,
    );
  return {
    apiVersion: MAAS_API_VERSION,
    kind: "MaaSSubscription",
    metadata: { name: tierSubscriptionName(args.tier.name), namespace: args.subscriptionNamespace },
    spec: {
      owner: { groups: [{ name: args.group }], users: [] },
      modelRefs: args.models.map((name) => ({
        name,
        namespace: args.modelsNamespace,
        tokenRateLimits: [{ limit, window }],
      })),
      priority: args.tier.level,
    },
  };
}
