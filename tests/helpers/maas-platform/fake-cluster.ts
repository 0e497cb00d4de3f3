/**
 * A cluster as a set of objects: what already exists before `pulumi up`. Platforms are built from the vendored
 * upstream files (see platforms.ts); the stack's effects (see stack-effects.ts) and the fake kubectl
 * (fake-kubectl.ts) read and change it.
 */
import type { K8sObject } from "./k8s-object";
import { CLUSTER_SCOPED_KINDS, objectKey } from "./k8s-object";

export class FakeCluster {
  private readonly byKey = new Map<string, K8sObject>();

  constructor(
    /** What the cluster is, for test titles and messages. */
    readonly description: string,
    objects: readonly K8sObject[] = [],
  ) {
    for (const o of objects) this.add(o);
  }

  /** Adds an object; one with the same kind, namespace and name already there is an error (as the API server's). */
  add(o: K8sObject): void {
    const key = objectKey(o);
    if (this.byKey.has(key)) throw new Error(`${key} already exists`);
    this.byKey.set(key, structuredClone(o));
  }

  /** Replaces (or adds) an object. */
  put(o: K8sObject): void {
    this.byKey.set(objectKey(o), structuredClone(o));
  }

  /** Removes an object; false if it was not there. */
  remove(kind: string, name: string, namespace?: string): boolean {
    return this.byKey.delete(objectKey({ kind, metadata: { name, ...(namespace ? { namespace } : {}) } }));
  }

  /** The object, or undefined. */
  get(kind: string, name: string, namespace?: string): K8sObject | undefined {
    return this.byKey.get(objectKey({ kind, metadata: { name, ...(namespace ? { namespace } : {}) } }));
  }

  /** Objects of a kind, in one namespace or all. */
  list(kind: string, namespace?: string): K8sObject[] {
    return [...this.byKey.values()].filter(
      (o) =>
        o.kind === kind &&
        (namespace === undefined || CLUSTER_SCOPED_KINDS.has(kind) || o.metadata.namespace === namespace),
    );
  }

  /** Every object's key, sorted. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** Every object. */
  all(): K8sObject[] {
    return [...this.byKey.values()];
  }

  /** A copy, to change without touching this one. */
  clone(description = this.description): FakeCluster {
    return new FakeCluster(description, this.all());
  }
}
