/**
 * A model's HorizontalPodAutoscaler (autoscaling/v2), as plain data, for `deployment` workloads: it scales the
 * `<model>-kserve` Deployment on CPU (a Resource metric, served by metrics-server) or on the simulator's
 * `vllm:num_requests_waiting` gauge (a Pods metric, served through the custom-metrics API only when the cluster
 * runs an adapter, e.g. prometheus-adapter or KEDA, that exposes it under that name).
 *
 * No HPA in `kserve` mode: an HPA's scaleTargetRef needs a scale subresource, which KServe v0.16's
 * LLMInferenceService CRD does not have (`subresources: {status: {}}` only, and no autoscaling fields in its
 * spec; KServe v0.16.0 config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml), and an HPA on the
 * `<model>-kserve` Deployment would fight KServe, which sets that Deployment's replicas from
 * `spec.replicas` on every reconcile. The config refuses that combination (components/config/stack-config.ts).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ModelAutoscaling } from "../config/stack-config";

/** The metric a requests-waiting autoscaler reads (the simulator's, and vLLM's, gauge). */
export const REQUESTS_WAITING_METRIC = "vllm:num_requests_waiting";

/** The HPA spec scaling Deployment `deployment` within `a`'s bounds on its one metric. */
export function autoscalerSpec(
  deployment: string,
  a: ModelAutoscaling,
): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
  const metric: k8s.types.input.autoscaling.v2.MetricSpec =
    a.cpuUtilization !== undefined
      ? {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: a.cpuUtilization } },
        }
      : {
          type: "Pods",
          pods: {
            metric: { name: REQUESTS_WAITING_METRIC },
            target: { type: "AverageValue", averageValue: String(a.requestsWaiting) },
          },
        };
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment },
    minReplicas: a.minReplicas,
    maxReplicas: a.maxReplicas,
    metrics: [metric],
  };
}
