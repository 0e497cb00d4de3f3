/**
 * The cluster the stack acts on, and the one Kubernetes provider every Kubernetes resource uses, bound to it:
 * the KindCluster's own kubeconfig and context when the stack manages the cluster (`kind.create: true`), else
 * the configured context (`kind-<cluster>` by default) of the configured or default kubeconfig. So the program
 * never acts on whatever kubectl happens to point at.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config";

/** Which cluster every Kubernetes call, token and image load targets. */
export interface ClusterTarget {
  /** Kind cluster name. */
  readonly name: pulumi.Input<string>;
  /** kubeconfig context. */
  readonly context: pulumi.Input<string>;
  /** kubeconfig path or contents (a secret when it is the KindCluster's); undefined → the default kubeconfig. */
  readonly kubeconfig?: pulumi.Input<string>;
  /** Identity of the cluster instance, when known (a change reloads the image). */
  readonly clusterId?: pulumi.Input<string>;
}

/** What a KindCluster offers a ClusterTarget (structurally, so this module need not import it). */
export interface ManagedCluster {
  readonly name: pulumi.Input<string>;
  readonly context: pulumi.Input<string>;
  readonly kubeconfig: pulumi.Input<string>;
  readonly clusterId: pulumi.Input<string>;
}

/** The managed cluster's outputs, or, without one (`kind.create: false`), the configured context and kubeconfig. */
export function clusterTarget(config: StackConfig, managed?: ManagedCluster): ClusterTarget {
  if (managed) {
    return {
      name: managed.name,
      context: managed.context,
      kubeconfig: managed.kubeconfig,
      clusterId: managed.clusterId,
    };
  }
  return {
    name: config.cluster.name,
    context: config.cluster.context,
    ...(config.cluster.kubeconfig !== undefined ? { kubeconfig: config.cluster.kubeconfig } : {}),
  };
}

/**
 * Server-side apply stays on (the v4 default, stated explicitly): field ownership makes `pulumi up` coexist
 * with KServe's and MaaS's controllers. `upsertExistingObjects` is off unless `adoptExistingObjects` is set:
 * creating an object that already exists then fails loudly instead of silently taking it over (and deleting
 * it on `destroy`). `deleteUnreachable` lets `destroy`/`refresh` forget the resources of a deleted cluster.
 */
export function kubeProviderArgs(
  config: StackConfig,
  target: ClusterTarget = clusterTarget(config),
): k8s.ProviderArgs {
  return {
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
    enableServerSideApply: true,
    upsertExistingObjects: config.kubernetes.adoptExistingObjects,
    deleteUnreachable: config.kubernetes.deleteUnreachable,
  };
}

/** Creates the stack's Kubernetes provider for `target`. */
export function kubeProvider(
  name: string,
  config: StackConfig,
  target: ClusterTarget = clusterTarget(config),
  opts?: pulumi.CustomResourceOptions,
): k8s.Provider {
  return new k8s.Provider(name, kubeProviderArgs(config, target), opts);
}
