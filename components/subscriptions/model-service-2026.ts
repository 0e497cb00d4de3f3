/**
 * A model's LLMInferenceService in the shape today's MaaS deploys its simulator (opendatahub-io/models-as-a-service
 * c0639b1b: test/e2e/scripts/local-deploy.sh, the `sim-internal` model, and docs/samples/models/simulator/model.yaml):
 * container `main`, `storageInitializer.enabled: false` (a `spec` field from KServe v0.17.0 on), a placeholder
 * `hf://` URI the simulator never reads, and KServe's managed router (`router.route: {}`) attached to
 * `maas-default-gateway`. On Kind, local-deploy.sh serves the simulator over plain HTTP; the OpenShift sample serves
 * HTTPS from the certificates KServe mounts at `/var/run/kserve/tls/`, with HTTPS probes. Pure: no resources here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { ModelConfig } from "../config/stack-config";
import { SIMULATOR_UID, simulatorContainer } from "../models/workload-spec";

/** The KServe release whose LLMInferenceService CRD first has `spec.storageInitializer` (kserve/kserve v0.17.0). */
export const KSERVE_MIN_VERSION = "v0.17.0";
/** The Gateway maas-controller attaches models to (name fixed by MaaS; its namespace is the platform's). */
export const MAAS_GATEWAY_NAME = "maas-default-gateway";
/** The model URI of the samples: required by the CRD, never downloaded (storage initializer off). */
export const PLACEHOLDER_MODEL_URI = "hf://placeholder/no-model";
/** Where KServe mounts the serving certificate of an LLMInferenceService's workload. */
export const KSERVE_TLS_DIR = "/var/run/kserve/tls";

/** Inputs of `modelService2026`. */
export interface ModelService2026Args {
  readonly model: Pick<ModelConfig, "name" | "replicas" | "resources" | "simulatorArgs">;
  /** apiVersion of the object (e.g. `serving.kserve.io/v1alpha1`). */
  readonly apiVersion: string;
  /** Namespace of the model. */
  readonly namespace: string;
  /** Namespace of `maas-default-gateway` (`istio-system` on Kind, `openshift-ingress` on OpenShift). */
  readonly gatewayNamespace: string;
  /** Name of the Gateway (maas-controller's `--gateway-name`); undefined → `maas-default-gateway`. */
  readonly gatewayName?: string;
  /** Image pull secrets of the pods (registry delivery with credentials). */
  readonly imagePullSecrets?: readonly pulumi.Input<string>[];
  /** Image reference (`repository:tag`). */
  readonly image: pulumi.Input<string>;
  /** Image id (`sha256:…`), so a rebuilt image under the same tag rolls the pods. */
  readonly imageId: pulumi.Input<string>;
  /** True: serve HTTPS from KServe's certificates with HTTPS probes; false: plain HTTP (Kind). */
  readonly tls: boolean;
}

/** The LLMInferenceService object. */
export interface ModelService2026 {
  readonly apiVersion: string;
  readonly kind: "LLMInferenceService";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly model: { readonly uri: string; readonly name: string };
    readonly storageInitializer: { readonly enabled: false };
    readonly replicas: number;
    readonly router: {
      readonly route: Record<string, never>;
      readonly gateway: { readonly refs: readonly { readonly name: string; readonly namespace: string }[] };
    };
    readonly template: {
      readonly automountServiceAccountToken: false;
      readonly imagePullSecrets?: readonly { readonly name: pulumi.Input<string> }[];
      readonly securityContext: k8s.types.input.core.v1.PodSecurityContext;
      readonly containers: k8s.types.input.core.v1.Container[];
    };
  };
}

/** The simulator flags that make it serve HTTPS from KServe's certificate. */
export function kserveTlsArgs(): Record<string, string> {
  return { "ssl-certfile": `${KSERVE_TLS_DIR}/tls.crt`, "ssl-keyfile": `${KSERVE_TLS_DIR}/tls.key` };
}

/** The model's LLMInferenceService in the 2026 shape. */
export function modelService2026(args: ModelService2026Args): ModelService2026 {
  const simulatorArgs = args.tls
    ? { ...args.model.simulatorArgs, ...kserveTlsArgs() }
    : args.model.simulatorArgs;
  const container = simulatorContainer({
    model: { ...args.model, simulatorArgs },
    image: args.image,
    imageId: args.imageId,
  });
  const portName = args.tls ? "https" : "http";
  return {
    apiVersion: args.apiVersion,
    kind: "LLMInferenceService",
    metadata: { name: args.model.name, namespace: args.namespace },
    spec: {
      model: { uri: PLACEHOLDER_MODEL_URI, name: args.model.name },
      storageInitializer: { enabled: false },
      replicas: args.model.replicas,
      router: {
        route: {},
        gateway: {
          refs: [{ name: args.gatewayName ?? MAAS_GATEWAY_NAME, namespace: args.gatewayNamespace }],
        },
      },
      template: {
        automountServiceAccountToken: false,
        ...(args.imagePullSecrets !== undefined && args.imagePullSecrets.length > 0
          ? { imagePullSecrets: args.imagePullSecrets.map((name) => ({ name })) }
          : {}),
        securityContext: {
          runAsNonRoot: true,
          runAsUser: SIMULATOR_UID,
          runAsGroup: SIMULATOR_UID,
          seccompProfile: { type: "RuntimeDefault" },
        },
        containers: [
          {
            ...container,
            ports: (container.ports as k8s.types.input.core.v1.ContainerPort[]).map((p) => ({
              ...p,
              name: portName,
            })),
          },
        ],
      },
    },
  };
}
