/**
 * What MaaS's local Kind deploy does beyond applying vendored YAML, transcribed (the script is code and is not
 * vendored): opendatahub-io/models-as-a-service, commit c0639b1b, `test/e2e/scripts/local-deploy.sh`.
 *
 * - Namespaces: `maas-system` (`MAAS_NAMESPACE`, where maas-api and maas-controller run), `istio-system`
 *   (`GATEWAY_NAMESPACE`), `models-as-a-service` (`SUBSCRIPTION_NAMESPACE`), `llm` and `llm-internal` (its own
 *   models), `kuadrant-system`, `kserve`, `cert-manager` (the tools' installs).
 * - Step 8, "Creating Gateway": the heredoc below (`gatewayClassName: istio`, one HTTP listener on port 80).
 * - KServe: `kustomize build config/llmisvc/` of an opendatahub-io KServe clone, then
 *   `config/llmisvcconfig/config-llm-template.yaml` into `kserve`; the model here uses KServe v0.17.0's files
 *   (vendored: the LLMInferenceService CRD, the LLM template and the router route).
 * - The MaaS CRDs: `kubectl apply -f deployment/base/maas-controller/crd/bases/` (vendored: MaaSModelRef,
 *   MaaSAuthPolicy, MaaSSubscription).
 *
 * Not modelled: maas-api, maas-controller and their Deployments (the stack never touches them), its two models
 * (`llm/llm-katan-openai`, an ExternalModel, and `llm-internal/sim-internal`), whose names the stack's do not take.
 */
import type { K8sObject } from "./k8s-object";

/** The Gateway of step 8, as an object (GATEWAY_NAMESPACE at its default). */
export const LOCAL_DEPLOY_GATEWAY: K8sObject = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "maas-default-gateway", namespace: "istio-system" },
  spec: {
    gatewayClassName: "istio",
    listeners: [
      { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } },
    ],
  },
};

/** Namespaces the script and its tools create. */
export const LOCAL_DEPLOY_NAMESPACES: readonly string[] = [
  "cert-manager",
  "istio-system",
  "kserve",
  "kuadrant-system",
  "llm",
  "llm-internal",
  "maas-system",
  "models-as-a-service",
];
