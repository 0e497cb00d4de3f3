/**
 * SubscriptionModel: one model on today's MaaS (the `maas-subscriptions` profile): its LLMInferenceService in
 * the 2026 shape (`model-service-2026.ts`), awaited until Ready, and the MaaSModelRef through which
 * maas-controller offers it (`maas-model-ref-spec.ts`), after it. Both carry the stack label (`maas-kind/stack:
 * <stack>`), by which the cluster preflight tells the stack's own objects from others under the same names.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModelConfig } from "../config/stack-config";
import { STACK_LABEL } from "../preflight/platform-survey";
import { maasModelRefSpec } from "./maas-model-ref-spec";
import { modelService2026 } from "./model-service-2026";

/** Arguments of SubscriptionModel. */
export interface SubscriptionModelArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  /** The model (name, tier, replicas, resources, extra simulator flags). */
  readonly model: ModelConfig;
  /** Namespace of the model and its MaaSModelRef. */
  readonly namespace: string;
  /** apiVersion of the LLMInferenceService. */
  readonly apiVersion: string;
  /** Namespace of the Gateway. */
  readonly gatewayNamespace: string;
  /** Name of the Gateway; undefined → `maas-default-gateway`. */
  readonly gatewayName?: string;
  /** Image pull secrets of the pods. */
  readonly imagePullSecrets?: readonly pulumi.Input<string>[];
  /** Simulator image reference. */
  readonly image: pulumi.Input<string>;
  /** Simulator image id; a change rolls the pods. */
  readonly imageId: pulumi.Input<string>;
  /** True: HTTPS from KServe's certificates; false: plain HTTP (Kind). */
  readonly tls: boolean;
  /** How long `pulumi up` waits for the model to be Ready. */
  readonly readinessTimeoutSeconds: number;
}

/** One model's LLMInferenceService and MaaSModelRef. */
export class SubscriptionModel extends pulumi.ComponentResource {
  /** Model name, as created. */
  readonly name: pulumi.Output<string>;
  /** Namespace of the model. */
  readonly namespace: pulumi.Output<string>;
  /** Name of the MaaSModelRef, as created. */
  readonly modelRefName: pulumi.Output<string>;

  constructor(name: string, args: SubscriptionModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:subscriptions:SubscriptionModel", name, {}, opts);
    // Pulumi does not hand a component's dependsOn to its children: pass it on (namespaces, preflight).
    const childOpts = { parent: this, provider: args.provider, dependsOn: opts?.dependsOn };
    const stackLabel = { [STACK_LABEL]: pulumi.getStack() };
    const service = modelService2026({
      model: args.model,
      apiVersion: args.apiVersion,
      namespace: args.namespace,
      gatewayNamespace: args.gatewayNamespace,
      ...(args.gatewayName !== undefined ? { gatewayName: args.gatewayName } : {}),
      ...(args.imagePullSecrets !== undefined ? { imagePullSecrets: args.imagePullSecrets } : {}),
      image: args.image,
      imageId: args.imageId,
      tls: args.tls,
    });
    const llmisvc = new k8s.apiextensions.CustomResource(
      name,
      {
        ...service,
        metadata: {
          ...service.metadata,
          labels: { tier: args.model.tier, ...stackLabel },
          annotations: {
            "pulumi.com/timeoutSeconds": String(args.readinessTimeoutSeconds),
            "pulumi.com/waitFor": "condition=Ready",
          },
        },
      },
      childOpts,
    );
    const refSpec = maasModelRefSpec(args.model.name, args.namespace);
    const ref = new k8s.apiextensions.CustomResource(
      `${name}-ref`,
      { ...refSpec, metadata: { ...refSpec.metadata, labels: stackLabel } },
      { ...childOpts, dependsOn: [llmisvc] },
    );
    this.name = llmisvc.metadata.name;
    this.namespace = llmisvc.metadata.namespace;
    this.modelRefName = ref.metadata.name;
    this.registerOutputs({ name: this.name, namespace: this.namespace, modelRefName: this.modelRefName });
  }
}
