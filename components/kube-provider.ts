/**
 * The one Kubernetes provider every Kubernetes resource of the stack uses, bound to the configured kubeconfig
 * context (`kind-<cluster>` by default), so the program never acts on whatever kubectl happens to point at.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";

/**
 * Server-side apply stays on (the v4 default, stated explicitly): field ownership makes `pulumi up` coexist
 * with KServe's and MaaS's controllers. `upsertExistingObjects` is off unless `adoptExistingObjects` is set:
 * creating an object that already exists then fails loudly instead of silently taking it over (and deleting
 * it on `destroy`). `deleteUnreachable` lets `destroy`/`refresh` forget the resources of a deleted cluster.
 */
export function kubeProviderArgs(config: StackConfig): k8s.ProviderArgs {
  return {
    context: config.cluster.context,
    ...(config.cluster.kubeconfig !== undefined ? { kubeconfig: config.cluster.kubeconfig } : {}),
    enableServerSideApply: true,
    upsertExistingObjects: config.kubernetes.adoptExistingObjects,
    deleteUnreachable: config.kubernetes.deleteUnreachable,
  };
}

/** Creates the stack's Kubernetes provider. */
export function kubeProvider(
  name: string,
  config: StackConfig,
  opts?: pulumi.CustomResourceOptions,
): k8s.Provider {
  return new k8s.Provider(name, kubeProviderArgs(config), opts);
}
