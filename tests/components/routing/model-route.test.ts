import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { ModelRoute } from "../../../components/routing/model-route";
import { modelRouteRules } from "../../../components/routing/route-rules";
import { crdProblems } from "../../helpers/crd-validator";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const HTTPROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const paths = ["/v1/chat/completions", "/v1/completions", "/v1/models"];

async function build(
  gateway: { namespace: string; name: string; sectionName?: string },
  hostnames: string[],
) {
  const mocks = installMocks();
  const route = new ModelRoute("model-a-route", {
    provider: new k8s.Provider("kind", { context: "kind-maas-local" }),
    model: "model-a",
    namespace: "llm",
    service: "model-a-kserve-workload-svc",
    port: 8000,
    paths,
    gateway,
    hostnames,
  });
  const rules = await resolve(route.rules);
  const name = await resolve(route.routeName);
  await settle();
  return { mocks, rules, name };
}

describe("ModelRoute component", () => {
  it("declares HTTPRoute `<model>-route` in the model's namespace on the MaaS gateway, accepted by the CRD and its CEL rules", async () => {
    const { mocks, name } = await build({ namespace: "istio-system", name: "maas-gateway" }, [
      "localhost",
      "maas.local",
    ]);
    assert.equal(name, "model-a-route");
    assert.equal(mocks.resources.find((r) => !r.custom)?.type, "maas-kind:routing:ModelRoute");
    const route = mocks.named(HTTPROUTE, "model-a-route");
    assert.match(route.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
    assert.equal(route.inputs.metadata.namespace, "llm");
    assert.deepEqual(route.inputs.spec.parentRefs, [
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: "istio-system",
        name: "maas-gateway",
      },
    ]);
    assert.deepEqual(route.inputs.spec.hostnames, ["localhost", "maas.local"]);
    assert.deepEqual(crdProblems("gateway-api-v1.2.1-httproutes.yaml", "v1", route.inputs), []);
  });

  it("declares exactly the shared rule data, each rule with one PathPrefix match, a rewrite and backend port 8000", async () => {
    const { mocks, rules } = await build({ namespace: "istio-system", name: "maas-gateway" }, ["localhost"]);
    const expected = modelRouteRules({
      model: "model-a",
      namespace: "llm",
      service: "model-a-kserve-workload-svc",
      port: 8000,
      paths,
    });
    assert.deepEqual(rules, expected);
    const declared = mocks.named(HTTPROUTE, "model-a-route").inputs.spec.rules;
    assert.deepEqual(declared, expected);
    for (const r of declared) {
      assert.equal(r.matches.length, 1);
      assert.equal(r.matches[0].path.type, "PathPrefix");
      assert.equal(r.filters[0].urlRewrite.path.type, "ReplacePrefixMatch");
      assert.deepEqual(r.backendRefs, [
        { group: "", kind: "Service", name: "model-a-kserve-workload-svc", port: 8000 },
      ]);
    }
  });

  it("attaches to a custom gateway, listener and hostnames", async () => {
    const { mocks } = await build({ namespace: "gw", name: "edge", sectionName: "http" }, [
      "api.example.com",
      "*.example.org",
    ]);
    const route = mocks.named(HTTPROUTE, "model-a-route").inputs;
    assert.deepEqual(route.spec.parentRefs, [
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        namespace: "gw",
        name: "edge",
        sectionName: "http",
      },
    ]);
    assert.deepEqual(route.spec.hostnames, ["api.example.com", "*.example.org"]);
    assert.deepEqual(crdProblems("gateway-api-v1.2.1-httproutes.yaml", "v1", route), []);
  });
});
