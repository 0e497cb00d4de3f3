/**
 * What MaaS's Kind install script does beyond applying vendored YAML, transcribed (the script is code and is not
 * vendored): opendatahub-io/models-as-a-service, commit 30050fd3fed96184a2905ff6ce71c453a2c1f0c8,
 * `deployment/scripts/kind/install.sh`.
 *
 * - `install_kserve` applies KServe v0.16.0's `kserve.yaml` (`kubectl apply --server-side`), which holds the
 *   stock `kserve-config-llm-template` in namespace `kserve` (vendored: kserve@v0.16.0/config/llmisvcconfig).
 * - `configure_llm_inference_service` (always run) pipes the LLMInferenceServiceConfig below into a client-side
 *   `kubectl apply -f -`. The object already exists without a last-applied annotation (server-side apply sets
 *   none), and kubectl patches custom resources with a JSON merge patch (RFC 7386), so the template's
 *   `containers` list is replaced as a whole by the one container below and the stock template's other pod
 *   fields (volumes, terminationGracePeriodSeconds) stay.
 * - Namespaces made by tools rather than by the overlay: `kuadrant-system` (`install_kuadrant`: `kubectl create
 *   namespace`), `istio-system` (`install_istio`: istioctl), `kserve` (kserve.yaml), `cert-manager`,
 *   `knative-serving` (their release manifests).
 * - `deploy_maas`: `kubectl apply -k deployment/overlays/kind/`; `deploy_test_models` (skipped with
 *   `--without-models`): `kubectl apply -k deployment/overlays/kind/test-models/model-a` and `.../model-b`.
 */
import type { K8sObject } from "./k8s-object";

/** The heredoc of `configure_llm_inference_service`, as an object. */
export const MAAS_KIND_LLM_TEMPLATE: K8sObject = {
  apiVersion: "serving.kserve.io/v1alpha1",
  kind: "LLMInferenceServiceConfig",
  metadata: { name: "kserve-config-llm-template", namespace: "kserve" },
  spec: {
    template: {
      containers: [
        {
          name: "kserve-container",
          image: "ghcr.io/llm-d/llm-d-inference-sim:v0.5.1",
          ports: [{ containerPort: 8080, protocol: "TCP" }],
          command: ["/app/llm-d-inference-sim"],
          args: ["--port", "8080", "--mode", "random"],
          resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "256Mi" },
          },
        },
      ],
    },
  },
};

/** Namespaces the install's tools create (not in the overlay). */
export const TOOL_NAMESPACES: readonly string[] = [
  "cert-manager",
  "istio-system",
  "knative-serving",
  "kuadrant-system",
  "kserve",
];

/** Namespaces every Kind cluster starts with (kind's node image and its local-path provisioner). */
export const KIND_NAMESPACES: readonly string[] = [
  "default",
  "kube-node-lease",
  "kube-public",
  "kube-system",
  "local-path-storage",
];

/** RFC 7386 JSON merge patch: objects merge key by key, anything else (lists included) replaces; null removes. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target !== null && typeof target === "object" && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}
