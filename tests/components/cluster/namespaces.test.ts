import { strict as assert } from "node:assert";
import { Namespaces } from "../../../components/cluster/namespaces";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

describe("Namespaces component", () => {
  it("claims the models namespace and each tier's namespace on the given cluster, with the MaaS label", async () => {
    const mocks = installMocks();
    const ns = new Namespaces("namespaces", {
      kube: { context: "kind-maas-local" },
      models: "llm",
      tiers: { free: "maas-default-gateway-tier-free", premium: "maas-default-gateway-tier-premium" },
    });
    assert.equal(await resolve(ns.models), "llm");
    assert.equal(await resolve(ns.tiers.premium!), "maas-default-gateway-tier-premium");
    await settle();
    assert.equal(mocks.resources.find((r) => r.name === "namespaces")?.type, "maas-kind:cluster:Namespaces");
    assert.deepEqual(mocks.ofType("kubernetes:core/v1:Namespace"), [], "no Namespace object: claims decide");
    const claims = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:NamespaceClaim");
    assert.deepEqual(
      claims.map((r) => [r.inputs.name, r.inputs.context, r.inputs.labels]),
      ["llm", "maas-default-gateway-tier-free", "maas-default-gateway-tier-premium"].map((n) => [
        n,
        "kind-maas-local",
        { "app.kubernetes.io/part-of": "model-as-a-service", "app.kubernetes.io/managed-by": "maas-kind" },
      ]),
    );
  });
});
