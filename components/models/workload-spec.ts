/**
 * What a model's workload looks like, as plain data shared by both workload modes: names and labels that
 * KServe generates for an LLMInferenceService (so `deployment` mode is indistinguishable to routes,
 * port-forwards and tests), the simulator's command line, and its container. Pure: no resources here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { ModelConfig, SimulatorArgValue } from "../config/stack-config";

/** The port every simulator listens on and every workload Service exposes. */
export const SIMULATOR_PORT = 8000;
/** The simulator image's executable (the reference image's path, so KServe's default `main` command is replaced). */
export const SIMULATOR_COMMAND: readonly string[] = ["/app/llm-d-inference-sim"];
/** The uid the simulator image runs as (the reference image's). */
export const SIMULATOR_UID = 65532;
/**
 * The container name of KServe's stock LLM template (kserve v0.16.0 config/llmisvcconfig/config-llm-template.yaml),
 * into which KServe also mounts pvc:// storage (pkg/controller/v1alpha1/llmisvc/workload_storage.go). KServe merges
 * the template and the service's pod spec by container name, so the simulator's container takes the name of the
 * template's one container: `main` on stock KServe, `kserve-container` on a MaaS Kind install (whose template then
 * gets no storage mount; the simulator reads no model files). Used where no template is read.
 */
export const MAIN_CONTAINER = "main";
/**
 * Annotation carrying the image id: on the pod template in `deployment` mode (a rebuilt image rolls the pods), on
 * the LLMInferenceService in `kserve` mode (KServe does not copy it to pods; there IMAGE_ID_ENV rolls them).
 */
export const IMAGE_ID_ANNOTATION = "maas-kind/image-id";
/** Environment variable carrying the image id (LLMInferenceService templates are PodSpecs without metadata). */
export const IMAGE_ID_ENV = "MAAS_KIND_IMAGE_ID";
/** Label MaaS puts on its namespaces and users. */
export const PART_OF_MAAS = { "app.kubernetes.io/part-of": "model-as-a-service" } as const;

/** `<model>-kserve-workload-svc`: the Service KServe generates (and `deployment` mode creates). */
export function workloadServiceName(model: string): string {
  return `${model}-kserve-workload-svc`;
}

/** `<model>-kserve`: the Deployment KServe generates (and `deployment` mode creates). */
export function workloadDeploymentName(model: string): string {
  return `${model}-kserve`;
}

/** Labels KServe v0.16 puts on an LLMInferenceService's workload pods. */
export function workloadPodLabels(model: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": model,
    "app.kubernetes.io/part-of": "llminferenceservice",
    "app.kubernetes.io/component": "llminferenceservice-workload",
    "kserve.io/component": "workload",
    "llm-d.ai/role": "both",
  };
}

/** The selector of KServe's workload Service: `part-of`, `name` and `kserve.io/component`. */
export function workloadSelector(model: string): Record<string, string> {
  const l = workloadPodLabels(model);
  return {
    "app.kubernetes.io/part-of": l["app.kubernetes.io/part-of"] as string,
    "app.kubernetes.io/name": l["app.kubernetes.io/name"] as string,
    "kserve.io/component": l["kserve.io/component"] as string,
  };
}

function flag(name: string, value: SimulatorArgValue): string[] {
  if (value === true) return [`--${name}`];
  if (value === false) return [`--no-${name}`];
  if (Array.isArray(value)) return value.flatMap((v) => [`--${name}`, v]);
  return [`--${name}`, String(value)];
}

/**
 * The simulator's arguments: the reference's `--port 8000 --model <name> --mode random`, with the model's
 * extra flags after them (a configured `mode` replaces `random`).
 */
export function simulatorArgs(model: Pick<ModelConfig, "name" | "simulatorArgs">): string[] {
  const { mode = "random", ...extra } = model.simulatorArgs;
  return [
    ...flag("port", SIMULATOR_PORT),
    ...flag("model", model.name),
    ...flag("mode", mode),
    ...Object.entries(extra).flatMap(([k, v]) => flag(k, v)),
  ];
}

/** Whether the model's flags make the simulator serve HTTPS (`--ssl-certfile`, `--self-signed-certs`). */
export function servesHttps(model: Pick<ModelConfig, "simulatorArgs">): boolean {
  const args = model.simulatorArgs;
  return (
    (args["ssl-certfile"] !== undefined && args["ssl-certfile"] !== false) ||
    args["self-signed-certs"] === true
  );
}

/** Inputs of the simulator container. */
export interface SimulatorContainerArgs {
  readonly model: Pick<ModelConfig, "name" | "simulatorArgs" | "resources">;
  /** Image reference (`repository:tag`). */
  readonly image: pulumi.Input<string>;
  /** Image id (`sha256:…`), exposed to the pod so a rebuilt image changes the pod template. */
  readonly imageId: pulumi.Input<string>;
}

/** The `main` container: our image, the reference's arguments, probes, resources and a restricted security context. */
export function simulatorContainer(args: SimulatorContainerArgs): k8s.types.input.core.v1.Container {
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    // With TLS flags the simulator serves HTTPS only, so its probes must too (as the 2026 MaaS samples do).
    httpGet: { path, port: SIMULATOR_PORT, scheme: servesHttps(args.model) ? "HTTPS" : "HTTP" },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    name: MAIN_CONTAINER,
    image: args.image,
    imagePullPolicy: "IfNotPresent",
    command: [...SIMULATOR_COMMAND],
    args: simulatorArgs(args.model),
    ports: [{ name: "http", containerPort: SIMULATOR_PORT, protocol: "TCP" }],
    env: [
      { name: IMAGE_ID_ENV, value: args.imageId },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ],
    startupProbe: probe("/health", 2, 60),
    livenessProbe: probe("/health", 10, 3),
    readinessProbe: probe("/ready", 5, 3),
    resources: {
      requests: { ...args.model.resources.requests },
      limits: { ...args.model.resources.limits },
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: SIMULATOR_UID,
      runAsGroup: SIMULATOR_UID,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
  };
}
