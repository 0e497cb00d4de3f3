/** A Kubernetes object as the platform model holds it: plain data, with helpers to name and find it. */

/** Any Kubernetes object (apiVersion, kind, metadata, and whatever else its kind has). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** Kinds without a namespace, among those the model meets. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "ClusterIssuer",
  "GatewayClass",
  "CustomResourceDefinition",
]);

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects): how the model and its tests name objects. */
export function objectKey(o: Pick<K8sObject, "kind" | "metadata">): string {
  const ns = o.metadata.namespace;
  return ns === undefined || CLUSTER_SCOPED_KINDS.has(o.kind)
    ? `${o.kind} ${o.metadata.name}`
    : `${o.kind} ${ns}/${o.metadata.name}`;
}

/** The API group of an apiVersion (`""` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes("/") ? (apiVersion.split("/")[0] as string) : "";
}
