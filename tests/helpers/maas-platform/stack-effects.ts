/**
 * What `pulumi up` and `pulumi destroy` do to a cluster, from the resources the mocks recorded for one program
 * run:
 *
 * - every Kubernetes object the program declares is created; one that already exists makes `up` fail with
 *   "already exists", unless the provider adopts existing objects (`upsertExistingObjects`, our
 *   `adoptExistingObjects`), which makes it the stack's;
 * - `destroy` deletes every Kubernetes object in the state, adopted ones included, and every namespace the
 *   stack's namespace claims recorded as created; deleting a namespace deletes everything in it;
 * - a namespace claim (`maas-kind:NamespaceClaim`) never deletes a namespace it did not create.
 */
import type { RecordedResource } from "../pulumi-mocks";
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";
import { objectKey } from "./k8s-object";

/** Type token of the namespace claims' dynamic resource. */
export const NAMESPACE_CLAIM_TYPE = "pulumi-nodejs:dynamic/maas-kind:NamespaceClaim";

/** The Kubernetes objects a run declared (custom resources of the kubernetes provider that are objects). */
export function declaredObjects(resources: readonly RecordedResource[]): K8sObject[] {
  return resources
    .filter(
      (r) =>
        r.custom && /^kubernetes:[^:]+\/v[^:]*:\w+$/.test(r.type) && !r.type.startsWith("kubernetes:yaml"),
    )
    .map((r) => {
      const [, apiVersion, kind] = /^kubernetes:(?:core\/)?([^:]+):(\w+)$/.exec(r.type) as RegExpExecArray;
      return { ...r.inputs, apiVersion: apiVersion as string, kind: kind as string } as K8sObject;
    });
}

/** Namespaces the run's claims created (and so would delete), and those they only reuse. */
export function namespaceClaims(
  resources: readonly RecordedResource[],
  states: ReadonlyMap<string, boolean>,
): {
  created: string[];
  reused: string[];
} {
  const created: string[] = [];
  const reused: string[] = [];
  for (const r of resources.filter((x) => x.custom && x.type === NAMESPACE_CLAIM_TYPE)) {
    const name = r.inputs.name as string;
    (states.get(name) === true ? created : reused).push(name);
  }
  return { created: created.sort(), reused: reused.sort() };
}

/** Keys of declared objects that already exist on `before`: each makes `up` fail unless adopted. */
export function collisions(before: FakeCluster, declared: readonly K8sObject[]): string[] {
  return declared
    .filter((o) => before.get(o.kind, o.metadata.name, o.metadata.namespace) !== undefined)
    .map(objectKey)
    .sort();
}

/** Keys of every object `destroy` would delete from `cluster` (as it stands after `up`). */
export function destroyDeletes(
  cluster: FakeCluster,
  declared: readonly K8sObject[],
  createdNamespaces: readonly string[],
): string[] {
  const deleted = new Set(declared.map(objectKey));
  const namespaces = new Set([
    ...createdNamespaces,
    ...declared.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name),
  ]);
  for (const ns of namespaces) deleted.add(objectKey({ kind: "Namespace", metadata: { name: ns } }));
  for (const o of cluster.all())
    if (o.metadata.namespace !== undefined && namespaces.has(o.metadata.namespace)) deleted.add(objectKey(o));
  return [...deleted].sort();
}
