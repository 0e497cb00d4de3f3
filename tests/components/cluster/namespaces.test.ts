import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { Namespaces } from "../../../components/cluster/namespaces";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

describe("Namespaces component", () => {
  it("Namespaces: creates the two namespaces with the MaaS label through the given provider", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
    const ns = new Namespaces("namespaces", { provider, models: "llm", users: "maas-api" });
    assert.equal(await resolve(ns.models), "llm");
    assert.equal(await resolve(ns.users), "maas-api");
    await settle();
    assert.equal(mocks.resources.find((r) => r.name === "namespaces")?.type, "maas-kind:cluster:Namespaces");
    const created = mocks.ofType("kubernetes:core/v1:Namespace");
    assert.deepEqual(
      created.map((r) => [r.inputs.metadata.name, r.inputs.metadata.labels]),
      [
        ["llm", { "app.kubernetes.io/part-of": "model-as-a-service" }],
        ["maas-api", { "app.kubernetes.io/part-of": "model-as-a-service" }],
      ],
    );
    for (const r of created) assert.match(r.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
  });
});
