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
 * - `maasSubscriptionsCluster()`: today's MaaS as `test/e2e/scripts/local-deploy.sh` (models-as-a-service
 *   c0639b1b) leaves a Kind cluster: its namespaces and Gateway (local-deploy-script.ts), KServe v0.17.0's
 *   LLMInferenceService CRD and well-known configs, the Gateway API CRDs, MaaS's CRDs.
 */
import * as path from "node:path";
import { FakeCluster } from "./fake-cluster";
import { MAAS_KIND_LLM_TEMPLATE, KIND_NAMESPACES, TOOL_NAMESPACES, jsonMergePatch } from "./install-script";
import { LOCAL_DEPLOY_GATEWAY, LOCAL_DEPLOY_NAMESPACES } from "./local-deploy-script";
import type { K8sObject } from "./k8s-object";
import { buildKustomization, readObjects } from "./kustomize";
import {
  CRD_FILES,
  CRD_FILES_2026,
  KSERVE_0_17_CONFIGS,
  KSERVE_LLM_CONFIGS,
  MAAS_KIND_OVERLAY,
  MAAS_TEST_MODELS,
} from "./sources";

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

/** Today's MaaS on Kind, as `local-deploy.sh` (models-as-a-service c0639b1b) installs it. */
export function maasSubscriptionsCluster(): FakeCluster {
  const cluster = bareKindCluster();
  for (const ns of LOCAL_DEPLOY_NAMESPACES) cluster.add(namespace(ns));
  for (const crd of CRD_FILES_2026.flatMap((f) => readObjects(f))) cluster.add(crd);
  for (const config of KSERVE_0_17_CONFIGS.flatMap((f) => readObjects(f)))
    cluster.add({ ...config, metadata: { ...config.metadata, namespace: "kserve" } });
  cluster.add(LOCAL_DEPLOY_GATEWAY);
  return new FakeCluster("a MaaS subscriptions Kind cluster (local-deploy.sh, c0639b1b)", cluster.all());
}
