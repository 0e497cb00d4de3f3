import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig } from "../../../components/config/stack-config";
import {
  KSERVE_MIN_VERSION,
  KSERVE_TLS_DIR,
  MAAS_GATEWAY_NAME,
  modelService2026,
} from "../../../components/subscriptions/model-service-2026";
import { CRD_DIR, crdProblems } from "../../helpers/crd-validator";

const CRD = "kserve-v0.17.0-llminferenceservices.yaml";
const model = parseStackConfig({}).models[0]!;
const build = (tls: boolean, gatewayNamespace = "istio-system") =>
  modelService2026({
    model,
    apiVersion: "serving.kserve.io/v1alpha1",
    namespace: "llm",
    gatewayNamespace,
    image: "localhost/maas-simulator:1",
    imageId: "sha256:abc",
    tls,
  });

/** The MaaS simulator sample (opendatahub-io/models-as-a-service c0639b1b), vendored unmodified. */
function sample(): {
  spec: Record<string, unknown> & { template: { containers: Record<string, unknown>[] } };
} {
  const file = path.join(CRD_DIR, "models-as-a-service@c0639b1b/docs/samples/models/simulator/model.yaml");
  return parse(readFileSync(file, "utf8"));
}

describe("modelService2026", function () {
  // Compiling KServe v0.17.0's CRD (2 MB, two versions) takes seconds, on a busy machine tens of seconds.
  this.timeout(180_000);

  for (const tls of [false, true]) {
    it(`validates against KServe v0.17.0's CRD, v1alpha1 and v1alpha2 (tls ${tls})`, () => {
      const o = build(tls);
      for (const v of ["v1alpha1", "v1alpha2"])
        assert.deepEqual(crdProblems(CRD, v, { ...o, apiVersion: `serving.kserve.io/${v}` }), []);
    });
  }

  it("needs KServe v0.17.0: v0.16.0's CRD has no spec.storageInitializer (the API server would prune it)", () => {
    const specProps = (file: string) => {
      const crd = parse(readFileSync(path.join(CRD_DIR, file), "utf8")) as {
        spec: {
          versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: object } } } } }[];
        };
      };
      return crd.spec.versions.map((v) => Object.keys(v.schema.openAPIV3Schema.properties.spec.properties));
    };
    for (const keys of specProps(
      "kserve@v0.16.0/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml",
    ))
      assert.ok(!keys.includes("storageInitializer"));
    for (const keys of specProps(
      "kserve@v0.17.0/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml",
    ))
      assert.ok(keys.includes("storageInitializer"));
    assert.equal(KSERVE_MIN_VERSION, "v0.17.0");
  });

  it("has the sample's shape: placeholder URI, storage initializer off, managed router on maas-default-gateway", () => {
    const o = build(false, "openshift-ingress");
    const s = sample();
    assert.deepEqual(o.spec.storageInitializer, s.spec.storageInitializer);
    assert.equal(o.spec.model.uri, (s.spec.model as { uri: string }).uri);
    assert.deepEqual(o.spec.router, s.spec.router);
    assert.equal(o.spec.template.containers[0]!.name, s.spec.template.containers[0]!.name);
    assert.equal(o.spec.model.name, model.name);
    assert.equal(o.metadata.name, model.name);
    assert.equal(o.metadata.namespace, "llm");
    assert.deepEqual(o.spec.router.gateway.refs, [
      { name: MAAS_GATEWAY_NAME, namespace: "openshift-ingress" },
    ]);
  });

  it("on Kind: plain HTTP, HTTP probes, no certificate flags", () => {
    const c = build(false).spec.template.containers[0]!;
    assert.ok(!(c.args as string[]).some((a) => a.startsWith("--ssl")));
    assert.equal((c.readinessProbe as { httpGet: { scheme: string } }).httpGet.scheme, "HTTP");
    assert.equal((c.ports as { name: string }[])[0]!.name, "http");
  });

  it("with TLS: KServe's certificate and key, HTTPS probes and port name, as the OpenShift sample", () => {
    const c = build(true).spec.template.containers[0]!;
    const args = c.args as string[];
    assert.equal(args[args.indexOf("--ssl-certfile") + 1], `${KSERVE_TLS_DIR}/tls.crt`);
    assert.equal(args[args.indexOf("--ssl-keyfile") + 1], `${KSERVE_TLS_DIR}/tls.key`);
    const sc = sample().spec.template.containers[0]! as { args: string[]; ports: { name: string }[] };
    assert.equal(sc.args[sc.args.indexOf("--ssl-certfile") + 1], `${KSERVE_TLS_DIR}/tls.crt`);
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"] as const)
      assert.equal((c[probe] as { httpGet: { scheme: string } }).httpGet.scheme, "HTTPS", probe);
    assert.equal((c.ports as { name: string }[])[0]!.name, sc.ports[0]!.name);
  });

  it("a model's replicas and resources carry over", () => {
    const o = modelService2026({
      model: { ...model, replicas: 3 },
      apiVersion: "serving.kserve.io/v1alpha1",
      namespace: "llm",
      gatewayNamespace: "istio-system",
      image: "i",
      imageId: "x",
      tls: false,
    });
    assert.equal(o.spec.replicas, 3);
    assert.deepEqual(o.spec.template.containers[0]!.resources, {
      requests: { ...model.resources.requests },
      limits: { ...model.resources.limits },
    });
  });
});
