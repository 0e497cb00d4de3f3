/** Where the platform model reads its upstream files: the vendored fixtures (tests/fixtures/upstream). */
import * as path from "node:path";

/** The fixtures directory. */
export const UPSTREAM = path.resolve(__dirname, "../../fixtures/upstream");
/** opendatahub-io/models-as-a-service at commit 30050fd3fed96184a2905ff6ce71c453a2c1f0c8. */
export const MAAS = path.join(UPSTREAM, "models-as-a-service@30050fd3");
/** kserve/kserve at v0.16.0 (5b033a4024429302440b72180472ae2d26b44086). */
export const KSERVE = path.join(UPSTREAM, "kserve@v0.16.0");
/** kubernetes-sigs/gateway-api at v1.2.1 (a8fe5c8732a37ef471d86afaf570ff8ad0ef0221). */
export const GATEWAY_API = path.join(UPSTREAM, "gateway-api@v1.2.1");

/** The MaaS Kind overlay `install.sh` applies with `kubectl apply -k` (function `deploy_maas`). */
export const MAAS_KIND_OVERLAY = path.join(MAAS, "deployment/overlays/kind");
/** MaaS's test models, applied by `deploy_test_models` unless `--without-models`. */
export const MAAS_TEST_MODELS = ["model-a", "model-b"].map((m) =>
  path.join(MAAS, "deployment/overlays/kind/test-models", m),
);
/** KServe's well-known configs, in namespace `kserve` (part of the `kserve.yaml` release `install.sh` applies). */
export const KSERVE_LLM_CONFIGS = path.join(KSERVE, "config/llmisvcconfig");
/** The CRDs the model's clusters serve. */
export const CRD_FILES: readonly string[] = [
  path.join(KSERVE, "config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml"),
  path.join(GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"),
  path.join(GATEWAY_API, "config/crd/standard/gateway.networking.k8s.io_gateways.yaml"),
];
