/**
 * ModelStorage: the PersistentVolumeClaim every model's `spec.model.uri` (`pvc://<claim>`) points at. The
 * simulator loads no weights; KServe v0.16 still needs a bound claim to mount read-only into `main`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { STACK_LABEL } from "../preflight/platform-survey";

/** Arguments of ModelStorage. */
export interface ModelStorageArgs {
  /** Kubernetes provider for the claim. */
  readonly provider: k8s.Provider;
  /** Namespace of the models. */
  readonly namespace: pulumi.Input<string>;
  /** Claim name (`empty-model`). */
  readonly claimName: string;
  /** Requested size (`1Gi`). */
  readonly size: string;
  /** Storage class; undefined → the cluster's default (Kind: `standard`). */
  readonly storageClass?: string;
}

/** The shared model PVC (ReadWriteOnce). */
export class ModelStorage extends pulumi.ComponentResource {
  /** Claim name, as created. */
  readonly claimName: pulumi.Output<string>;
  /** `pvc://<claim>`: the model URI for LLMInferenceServices. */
  readonly uri: pulumi.Output<string>;

  constructor(name: string, args: ModelStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:storage:ModelStorage", name, {}, opts);
    const pvc = new k8s.core.v1.PersistentVolumeClaim(
      name,
      {
        metadata: {
          name: args.claimName,
          namespace: args.namespace,
          labels: { [STACK_LABEL]: pulumi.getStack() },
        },
        spec: {
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: args.size } },
          ...(args.storageClass !== undefined ? { storageClassName: args.storageClass } : {}),
        },
      },
      { parent: this, provider: args.provider },
    );
    this.claimName = pvc.metadata.name;
    this.uri = pulumi.interpolate`pvc://${pvc.metadata.name}`;
    this.registerOutputs({ claimName: this.claimName, uri: this.uri });
  }
}
