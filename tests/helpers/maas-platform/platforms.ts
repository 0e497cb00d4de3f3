/**
 * The clusters the stack meets, built from the vendored upstream files:
 *
 * - `maasKindCluster({ withModels })`: what MaaS's `deployment/scripts/kind/install.sh` (models-as-a-service
 *   30050fd3) leaves: kind's namespaces, the tools' namespaces, the Gateway API v1.2.1 and KServe v0.16.0 CRDs,
 *   KServe's stock LLM template replaced by the script's one (install-script.ts), the objects of the Kind
 *   overlay (kustomize.ts over `deployment/overlays/kind`), and, by default, MaaS's test models
 *   (`deploy_test_models`; `withModels: false` is `install.sh --without-models`).
 * - `bareKindCluster()`: a new Kind cluster: kind's namespaces only.
 * - `stockKServeCluster()`: KServe v0.16.0's release (its stock LLM template, container `main`) and the CRDs.
 * - `withLocalDeployGateway(cluster)`: a copy of a cluster with the Gateway `maas-default-gateway` that MaaS's
 *   `test/e2e/scripts/local-deploy.sh` (c0639b1b) creates (local-deploy-script.ts); today's MaaS itself is
 *   `maasSubscriptionsCluster()` in subscriptions-cluster.ts.
 */
import * as path from "node:path";
import { FakeCluster } from "./fake-cluster";
import { MAAS_KIND_LLM_TEMPLATE, KIND_NAMESPACES, TOOL_NAMESPACES, jsonMergePatch } from "./install-script";
import { LOCAL_DEPLOY_GATEWAY } from "./local-deploy-script";
import type { K8sObject } from "./k8s-object";
import { buildKustomization, readObjects } from "./kustomize";
import { CRD_FILES, KSERVE_LLM_CONFIGS, MAAS_KIND_OVERLAY, MAAS_TEST_MODELS } from "./sources";

function namespace(name: string): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

/** A Kind cluster as `kind create cluster` leaves it. */
export function bareKindCluster(): FakeCluster {
  return new FakeCluster("a bare Kind cluster", KIND_NAMESPACES.map(namespace));
}

/** KServe's stock well-known configs in namespace `kserve`, as the kserve.yaml release creates them. */
export function kserveStockConfigs(): K8sObject[] {
  return buildKustomization(KSERVE_LLM_CONFIGS);
}

/** The CRDs installed by the Gateway API and KServe releases (the vendored ones). */
export function installedCrds(): K8sObject[] {
  return CRD_FILES.flatMap((f) => readObjects(f));
}

/** A Kind cluster with KServe v0.16.0 and the Gateway API CRDs as their releases install them, without MaaS. */
export function stockKServeCluster(): FakeCluster {
  const cluster = bareKindCluster();
  cluster.add(namespace("kserve"));
  for (const crd of installedCrds()) cluster.add(crd);
  for (const config of kserveStockConfigs()) cluster.add(config);
  return new FakeCluster("a Kind cluster with stock KServe v0.16.0", cluster.all());
}

/** Options of `maasKindCluster`. */
export interface MaasKindOptions {
  /** False for `install.sh --without-models`. */
  readonly withModels: boolean;
}

/** The objects MaaS's Kind install leaves on the cluster. */
export function maasKindCluster(options: MaasKindOptions = { withModels: true }): FakeCluster {
  const cluster = bareKindCluster();
  for (const ns of TOOL_NAMESPACES) cluster.add(namespace(ns));
  for (const crd of installedCrds()) cluster.add(crd);
  for (const config of kserveStockConfigs()) cluster.add(config);
  const stock = cluster.get("LLMInferenceServiceConfig", "kserve-config-llm-template", "kserve");
  if (!stock) throw new Error("KServe's stock kserve-config-llm-template is missing from the fixtures");
  cluster.put(jsonMergePatch(stock, MAAS_KIND_LLM_TEMPLATE) as K8sObject);
  for (const o of buildKustomization(MAAS_KIND_OVERLAY)) cluster.add(o);
  if (options.withModels)
    for (const dir of MAAS_TEST_MODELS) for (const o of buildKustomization(dir)) cluster.add(o);
  return new FakeCluster(
    options.withModels
      ? "a MaaS Kind cluster (install.sh)"
      : "a MaaS Kind cluster (install.sh --without-models)",
    cluster.all(),
  );
}

/** The test models' directory names, for messages. */
export const TEST_MODEL_DIRS = MAAS_TEST_MODELS.map((d) => path.basename(d));

/** A copy of `cluster` with local-deploy.sh's Gateway `istio-system/maas-default-gateway` added. */
export function withLocalDeployGateway(cluster: FakeCluster): FakeCluster {
  const out = cluster.clone(`${cluster.description} with local-deploy.sh's Gateway`);
  out.add(LOCAL_DEPLOY_GATEWAY);
  return out;
}
