/**
 * A model's MaaSModelRef: the object maas-controller reads to offer an LLMInferenceService through the gateway
 * (opendatahub-io/models-as-a-service c0639b1b, deployment/base/maas-controller/crd/bases/
 * maas.opendatahub.io_maasmodelrefs.yaml; docs/samples/maas-system/free/maas/maas-model.yaml). It lives in the
 * model's namespace and names the service by kind and name. Pure.
 */

/** apiVersion of every MaaS custom resource (the CRDs' only served version). */
export const MAAS_API_VERSION = "maas.opendatahub.io/v1alpha1";

/** The MaaSModelRef object. */
export interface MaaSModelRefObject {
  readonly apiVersion: typeof MAAS_API_VERSION;
  readonly kind: "MaaSModelRef";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly modelRef: { readonly kind: "LLMInferenceService"; readonly name: string } };
}

/** The MaaSModelRef of the LLMInferenceService `model` in `namespace` (same name, same namespace). */
export function maasModelRefSpec(model: string, namespace: string): MaaSModelRefObject {
  return {
    apiVersion: MAAS_API_VERSION,
    kind: "MaaSModelRef",
    metadata: { name: model, namespace },
    spec: { modelRef: { kind: "LLMInferenceService", name: model } },
  };
}
