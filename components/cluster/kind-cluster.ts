/**
 * KindCluster: the Kind cluster the stack runs on, created with the MaaS layout when it is missing and adopted
 * (never deleted) when it exists; `pulumi destroy` deletes it only if the stack created it. Its outputs bind
 * the rest of the stack to this very cluster: the Kubernetes provider and the TokenRequests use its kubeconfig
 * and context, the image loader its name and identity (a re-created cluster gets the image again).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config";
import type { ContainerEngine } from "../exec/kind-cli";
import type { KindLayout } from "./kind-config";
import { kindConfigYaml } from "./kind-config";
import { KindClusterInstance } from "./kind-cluster-instance";

/** Arguments of KindCluster. */
export interface KindClusterArgs {
  /** Name, node image and host ports of the cluster (the layout applies only if the stack creates it). */
  readonly layout: KindLayout;
  /** Engine running the nodes (Podman through `KIND_EXPERIMENTAL_PROVIDER=podman`). */
  readonly engine: ContainerEngine;
}

/** The cluster's name, layout and engine from the stack config. */
export function kindClusterArgs(config: StackConfig): KindClusterArgs {
  return {
    layout: {
      name: config.cluster.name,
      nodeImage: config.kind.nodeImage,
      httpPort: config.kind.httpPort,
      httpsPort: config.kind.httpsPort,
      listenAddress: config.kind.listenAddress,
    },
    engine: config.cluster.containerEngine,
  };
}

/** The Kind cluster, created or adopted. */
export class KindCluster extends pulumi.ComponentResource {
  /** Cluster name (`kind … --name`). */
  readonly name: pulumi.Output<string>;
  /** kubeconfig context, `kind-<name>`. */
  readonly context: pulumi.Output<string>;
  /** kubeconfig of the cluster (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Identity of this instance of the cluster; changes when it is re-created. */
  readonly clusterId: pulumi.Output<string>;
  /** True if the stack created the cluster (it is then deleted on destroy), false if it adopted it. */
  readonly created: pulumi.Output<boolean>;

  constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:cluster:KindCluster", name, {}, opts);
    const instance = new KindClusterInstance(
      name,
      { name: args.layout.name, engine: args.engine, config: kindConfigYaml(args.layout) },
      { parent: this },
    );
    this.name = instance.name;
    this.context = instance.context;
    this.kubeconfig = pulumi.secret(instance.kubeconfig);
    this.clusterId = instance.clusterId;
    this.created = instance.created;
    this.registerOutputs({
      name: this.name,
      context: this.context,
      kubeconfig: this.kubeconfig,
      clusterId: this.clusterId,
      created: this.created,
    });
  }
}
