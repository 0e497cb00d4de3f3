/**
 * The cluster of the `maas-subscriptions` profile: what MaaS's local Kind deploy (models-as-a-service c0639b1b,
 * `test/e2e/scripts/LOCAL-DEPLOY.md`, "What Gets Deployed") leaves, built from the vendored upstream files:
 * kind's namespaces and those of the tools and of MaaS (`maas-system` with maas-controller and maas-api, the
 * subscription namespace `models-as-a-service`, the models' `llm`); the Gateway API v1.2.1 CRDs, KServe v0.17.0's
 * LLMInferenceService CRD (with `spec.storageInitializer`) and well-known configs in `kserve`; MaaS's CRDs
 * (`deployment/base/maas-controller/crd/bases/`); the Deployments `deployment/base/maas-controller/manager/
 * manager.yaml` and `deployment/base/maas-api/core/deployment.yaml` in `maas-system` (where LOCAL-DEPLOY.md
 * lists both). No tier mapping ConfigMap: that is the Kind overlay's (30050fd3).
 */
import * as path from "node:path";
import { FakeCluster } from "./fake-cluster";
import { KIND_NAMESPACES } from "./install-script";
import type { K8sObject } from "./k8s-object";
import { buildKustomization, readObjects } from "./kustomize";
import { GATEWAY_API, UPSTREAM } from "./sources";

/** opendatahub-io/models-as-a-service at c0639b1b9baecf95fb836e00ba3f79178833781b (main on 2026-08-21). */
export const MAAS_2026 = path.join(UPSTREAM, "models-as-a-service@c0639b1b");
/** kserve/kserve at v0.17.0 (c71eba91631b976ff7b111f3061df9af86399e99). */
export const KSERVE_0_17 = path.join(UPSTREAM, "kserve@v0.17.0");

/** Where MaaS's local Kind deploy runs maas-controller and maas-api (LOCAL-DEPLOY.md). */
export const MAAS_SYSTEM_NAMESPACE = "maas-system";

/** The namespaces LOCAL-DEPLOY.md lists beside kind's own. */
export const SUBSCRIPTIONS_NAMESPACES: readonly string[] = [
  "istio-system",
  "kuadrant-system",
  MAAS_SYSTEM_NAMESPACE,
  "kserve",
  "cert-manager",
  "metallb-system",
  "llm",
  "models-as-a-service",
];

/** The CRDs of today's MaaS, KServe v0.17.0's LLMInferenceService and the Gateway API's. */
export const SUBSCRIPTIONS_CRD_FILES: readonly string[] = [
  path.join(KSERVE_0_17, "config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml"),
  path.join(GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"),
  path.join(GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_gateways.yaml"),
  ...["maasmodelrefs", "maasauthpolicies", "maassubscriptions"].map((c) =>
    path.join(MAAS_2026, `deployment/base/maas-controller/crd/bases/maas.opendatahub.io_${c}.yaml`),
  ),
];

/** The maas-controller and maas-api Deployments, in `maas-system`. */
export function maasDeployments(): K8sObject[] {
  return [
    "deployment/base/maas-controller/manager/manager.yaml",
    "deployment/base/maas-api/core/deployment.yaml",
  ].flatMap((f) =>
    readObjects(path.join(MAAS_2026, f)).map((o) => ({
      ...o,
      metadata: { ...o.metadata, namespace: MAAS_SYSTEM_NAMESPACE },
    })),
  );
}

/** Options of `maasSubscriptionsCluster`. */
export interface SubscriptionsClusterOptions {
  /** False: maas-controller is not (yet) running, only the CRDs are there. */
  readonly withController?: boolean;
}

/** A Kind cluster as MaaS's `test/e2e/scripts/local-deploy.sh` leaves it (c0639b1b). */
export function maasSubscriptionsCluster(options: SubscriptionsClusterOptions = {}): FakeCluster {
  const namespace = (name: string): K8sObject => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  });
  const cluster = new FakeCluster(
    options.withController === false
      ? "a Kind cluster with MaaS's CRDs but no maas-controller"
      : "a MaaS Kind cluster (local-deploy.sh, models-as-a-service c0639b1b)",
    [...KIND_NAMESPACES, ...SUBSCRIPTIONS_NAMESPACES].map(namespace),
  );
  for (const f of SUBSCRIPTIONS_CRD_FILES) for (const crd of readObjects(f)) cluster.add(crd);
  for (const config of buildKustomization(path.join(KSERVE_0_17, "config/llmisvcconfig")))
    cluster.add(config);
  for (const d of maasDeployments())
    if (options.withController !== false || d.metadata.name !== "maas-controller") cluster.add(d);
  return cluster;
}
