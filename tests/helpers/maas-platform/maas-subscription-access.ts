/**
 * How today's MaaS decides what a caller may use, from the objects on the cluster and the caller's groups, as
 * maas-api does for the gateway's AuthPolicy (models-as-a-service c0639b1b):
 *
 * - maas-api/internal/authpolicy/checker.go `AuthorizedModels`: every MaaSAuthPolicy whose `spec.subjects` name
 *   the caller (a user, or a `groups[].name` among the caller's groups) authorises its `spec.modelRefs`;
 * - maas-api/internal/subscription/selector.go `userHasAccess`: the caller may use a MaaSSubscription whose
 *   `spec.owner` names it the same way; `isModelAccessAllowed`: a model is allowed when the selected subscription
 *   lists it and an auth policy authorises it; the subscription's `tokenRateLimits` on that model apply.
 *
 * The gateway authenticates a token by TokenReview only (no SubjectAccessReview), so RBAC plays no part.
 */
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";

interface Subjects {
  readonly groups?: readonly { readonly name: string }[];
  readonly users?: readonly string[];
}
interface ModelRef {
  readonly name: string;
  readonly namespace: string;
  readonly tokenRateLimits?: readonly { readonly limit: number; readonly window: string }[];
}

function names(subjects: Subjects | undefined, user: string, groups: readonly string[]): boolean {
  return (
    (subjects?.users ?? []).includes(user) || (subjects?.groups ?? []).some((g) => groups.includes(g.name))
  );
}

/** `<namespace>/<name>` of every model some MaaSAuthPolicy lets the caller use. */
export function authorizedModels(cluster: FakeCluster, user: string, groups: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of cluster.list("MaaSAuthPolicy")) {
    const spec = p.spec as { subjects?: Subjects; modelRefs?: ModelRef[] };
    if (names(spec.subjects, user, groups))
      for (const m of spec.modelRefs ?? []) out.add(`${m.namespace}/${m.name}`);
  }
  return [...out].sort();
}

/** The MaaSSubscriptions the caller owns. */
export function ownedSubscriptions(
  cluster: FakeCluster,
  user: string,
  groups: readonly string[],
): K8sObject[] {
  return cluster
    .list("MaaSSubscription")
    .filter((s) => names((s.spec as { owner?: Subjects }).owner, user, groups));
}

/** What the caller gets on each model through `subscription`: the models it may use and their token limits. */
export function subscriptionModels(
  subscription: K8sObject,
  authorized: readonly string[],
): Record<string, readonly { readonly limit: number; readonly window: string }[]> {
  const refs = (subscription.spec as { modelRefs?: ModelRef[] }).modelRefs ?? [];
  return Object.fromEntries(
    refs
      .filter((m) => authorized.includes(`${m.namespace}/${m.name}`))
      .map((m) => [`${m.namespace}/${m.name}`, m.tokenRateLimits ?? []]),
  );
}
