import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ClusterPreflight, HTTPROUTE_CRD, KSERVE_CRD } from "../../../components/preflight/cluster-preflight";
import * as msg from "../../../components/preflight/preflight-messages";
import { fakeBin, loadSerializedProvider } from "../helpers/fake-bin";
import { installMocks, resolve, settle } from "../helpers/pulumi-mocks";

/** The checks' spec for a KServe cluster that must have the Gateway API. */
const SPEC = {
  cluster: "maas-local",
  engine: "docker",
  context: "kind-maas-local",
  kserveApiVersion: "serving.kserve.io/v1alpha1",
  requireGatewayApi: true,
  gatewayApiVersion: "v1.2.1",
} as const;

describe("ClusterPreflight resource", () => {
  it("registers the checks' spec with the kubeconfig as a secret, and exposes the warnings", async () => {
    const mocks = installMocks();
    const preflight = new ClusterPreflight("preflight", {
      ...SPEC,
      kubeconfig: "apiVersion: v1\nclusters: []\n",
      gateway: { namespace: "istio-system", name: "maas-gateway" },
    });
    assert.deepEqual(await resolve(preflight.warnings), []);
    const kubeconfig = (preflight as unknown as { kubeconfig: pulumi.Output<string> }).kubeconfig;
    assert.equal(await pulumi.isSecret(kubeconfig), true, "the kubeconfig is a secret");
    await settle();
    const [r] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:Preflight");
    assert.equal(r?.inputs.context, "kind-maas-local");
    assert.equal(r?.inputs.requireGatewayApi, true);
    assert.deepEqual(r?.inputs.gateway, { namespace: "istio-system", name: "maas-gateway" });
  });

  it("serializes a self-contained provider whose check runs kubectl against the cluster", async () => {
    const mocks = installMocks();
    new ClusterPreflight("preflight", SPEC);
    await settle();
    const [r] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:Preflight");
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(r!.inputs.__provider as string);
    // A cluster with the Gateway API's HTTPRoute v1 but no KServe.
    const crd = JSON.stringify({
      metadata: { name: HTTPROUTE_CRD },
      spec: { versions: [{ name: "v1", served: true }] },
    });
    const bin = fakeBin({
      kubectl: `case "$*" in *readyz*) echo ok ;; *customresourcedefinitions*) echo '${crd}' ;; esac`,
    });
    try {
      const checked = await bin.withPath(() => provider.check!({}, { ...SPEC }));
      assert.deepEqual(checked.failures, [{ property: "", reason: msg.kserveMissing() }]);
      assert.deepEqual(bin.calls(), [
        "kubectl --context kind-maas-local --request-timeout=15s get --raw /readyz",
        `kubectl --context kind-maas-local --request-timeout=15s get customresourcedefinitions ${KSERVE_CRD} ${HTTPROUTE_CRD} --ignore-not-found -o json`,
      ]);
    } finally {
      bin.remove();
    }
  });
});
