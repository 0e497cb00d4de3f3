/**
 * What MaaS's local Kind deploy does beyond applying vendored YAML, transcribed (the script is code and is not
 * vendored): opendatahub-io/models-as-a-service, commit c0639b1b, `test/e2e/scripts/local-deploy.sh`.
 *
 * Step 8, "Creating Gateway": the heredoc below (`gatewayClassName: istio`, one HTTP listener on port 80, routes
 * from the same namespace only; whether routes from the models' namespace attach is up to the script's later
 * steps, which this model does not follow). The rest of what the script leaves is subscriptions-cluster.ts.
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
