/**
 * InferenceModel: one model served by the simulator. In `kserve` mode an LLMInferenceService (KServe then
 * generates the Deployment `<model>-kserve` and the Service `<model>-kserve-workload-svc`); in `deployment`
 * mode that Deployment and Service directly (built with @pulumi/kubernetesx), with the labels and selector
 * KServe would generate, so routes, port-forwards and tests are the same in both modes.
 */
import * as k8s from "@pulumi/kubernetes";
import * as kx from "@pulumi/kubernetesx";
import * as pulumi from "@pulumi/pulumi";
import type { ModelConfig } from "../config/stack-config";
import { STACK_LABEL } from "../preflight/platform-survey";
import { autoscalerSpec } from "./autoscaler-spec";
import {
  IMAGE_ID_ANNOTATION,
  SIMULATOR_PORT,
  SIMULATOR_UID,
  simulatorContainer,
  workloadDeploymentName,
  workloadPodLabels,
  workloadSelector,
  workloadServiceName,
} from "./workload-spec";

/** Arguments of InferenceModel. */
export interface InferenceModelArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  /** The model (name, tier, replicas, resources, extra simulator flags). */
  readonly model: ModelConfig;
  /** Namespace of the models. */
  readonly namespace: pulumi.Input<string>;
  /** `kserve`: an LLMInferenceService; `deployment`: a Deployment and Service without KServe. */
  readonly workload: "kserve" | "deployment";
  /** LLMInferenceService apiVersion (`kserve` mode). */
  readonly apiVersion: string;
  /** Model URI, `pvc://<claim>`; required in `kserve` mode, unused in `deployment` mode. */
  readonly modelUri?: pulumi.Input<string>;
  /** Simulator image reference. */
  readonly image: pulumi.Input<string>;
  /** Simulator image id; a change rolls the pods. */
  readonly imageId: pulumi.Input<string>;
  /**
   * Name of the simulator container (`kserve` mode): the name of the one container of KServe's LLM template in
   * effect, so KServe's merge (containers by name) yields exactly one container. `deployment` mode uses `main`.
   */
  readonly containerName?: pulumi.Input<string>;
  /** How long `pulumi up` waits for the model to be ready. */
  readonly readinessTimeoutSeconds: number;
  /** Secrets the pods pull the image with (registry delivery with credentials); none by default. */
  readonly imagePullSecrets?: pulumi.Input<string>[];
}

/** One model's workload and Service. */
export class InferenceModel extends pulumi.ComponentResource {
  /** Model name, as created. */
  readonly name: pulumi.Output<string>;
  /** Namespace the workload runs in. */
  readonly namespace: pulumi.Output<string>;
  /** Name of the Service in front of the pods. */
  readonly serviceName: pulumi.Output<string>;
  /** Service port. */
  readonly port: pulumi.Output<number>;

  constructor(name: string, args: InferenceModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:models:InferenceModel", name, {}, opts);
    const { model } = args;
    const childOpts = { parent: this, provider: args.provider };
    const container = simulatorContainer({ model, image: args.image, imageId: args.imageId });
    const stackLabel = { [STACK_LABEL]: pulumi.getStack() };
    const awaitAnnotations = { "pulumi.com/timeoutSeconds": String(args.readinessTimeoutSeconds) };
    const pullSecrets =
      args.imagePullSecrets !== undefined && args.imagePullSecrets.length > 0
        ? { imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })) }
        : {};
    const podSecurity = {
      runAsNonRoot: true,
      runAsUser: SIMULATOR_UID,
      runAsGroup: SIMULATOR_UID,
      seccompProfile: { type: "RuntimeDefault" },
    };

    if (args.workload === "kserve") {
      if (args.modelUri === undefined) throw new Error(`InferenceModel ${name}: kserve mode needs modelUri`);
      const llmisvc = new k8s.apiextensions.CustomResource(
        name,
        {
          apiVersion: args.apiVersion,
          kind: "LLMInferenceService",
          metadata: {
            name: model.name,
            namespace: args.namespace,
            labels: { tier: model.tier, ...stackLabel },
            annotations: {
              ...awaitAnnotations,
              "pulumi.com/waitFor": "condition=Ready",
              [IMAGE_ID_ANNOTATION]: args.imageId,
            },
          },
          spec: {
            model: { name: model.name, uri: args.modelUri },
            replicas: model.replicas,
            template: {
              automountServiceAccountToken: false,
              securityContext: podSecurity,
              ...pullSecrets,
              containers: [{ ...container, name: args.containerName ?? container.name }],
            },
          },
        },
        childOpts,
      );
      this.name = llmisvc.metadata.name;
      this.namespace = llmisvc.metadata.namespace;
      this.serviceName = llmisvc.metadata.name.apply(workloadServiceName);
    } else {
      const podLabels = { ...workloadPodLabels(model.name), tier: model.tier };
      const deployment = new kx.Deployment(
        name,
        {
          metadata: {
            name: workloadDeploymentName(model.name),
            namespace: args.namespace,
            labels: { ...podLabels, ...stackLabel },
            annotations: awaitAnnotations,
          },
          spec: {
            // With an autoscaler the HPA owns the replica count; `pulumi up` must not reset it.
            ...(model.autoscaling === undefined ? { replicas: model.replicas } : {}),
            selector: { matchLabels: workloadPodLabels(model.name) },
            template: {
              metadata: { labels: podLabels, annotations: { [IMAGE_ID_ANNOTATION]: args.imageId } },
              spec: {
                automountServiceAccountToken: false,
                securityContext: podSecurity,
                ...pullSecrets,
                containers: [container as kx.types.Container],
              },
            },
          },
        },
        childOpts,
      );
      const service = new kx.Service(
        `${name}-svc`,
        {
          metadata: {
            name: workloadServiceName(model.name),
            namespace: args.namespace,
            labels: { ...podLabels, ...stackLabel },
            annotations: awaitAnnotations,
          },
          spec: {
            type: "ClusterIP",
            selector: workloadSelector(model.name),
            ports: [{ name: "http", port: SIMULATOR_PORT, targetPort: SIMULATOR_PORT, protocol: "TCP" }],
          },
        },
        { ...childOpts, dependsOn: [deployment] },
      );
      if (model.autoscaling !== undefined) {
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
          `${name}-hpa`,
          {
            metadata: {
              name: workloadDeploymentName(model.name),
              namespace: args.namespace,
              labels: podLabels,
            },
            spec: autoscalerSpec(workloadDeploymentName(model.name), model.autoscaling),
          },
          { ...childOpts, dependsOn: [deployment] },
        );
      }
      this.name = pulumi.output(model.name);
      this.namespace = service.metadata.namespace;
      this.serviceName = service.metadata.name;
    }
    this.port = pulumi.output(SIMULATOR_PORT);
    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      serviceName: this.serviceName,
      port: this.port,
    });
  }
}
