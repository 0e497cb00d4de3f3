import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config";
import { kubeProvider, kubeProviderArgs } from "../../../components/kube-provider";
import { installMocks, settle } from "../helpers/pulumi-mocks";

describe("Kubernetes provider (components/kube-provider.ts)", () => {
  it("binds the kind-<cluster> context, keeps server-side apply and refuses to adopt existing objects by default", () => {
    assert.deepEqual(kubeProviderArgs(parseStackConfig({})), {
      context: "kind-maas-local",
      enableServerSideApply: true,
      upsertExistingObjects: false,
      deleteUnreachable: false,
    });
  });

  it("passes a configured context, kubeconfig and the adoption/unreachable switches", async () => {
    const config = parseStackConfig({
      "maas-kind:kind": JSON.stringify({ create: false }),
      "maas-kind:kubeContext": "ctx",
      "maas-kind:kubeconfig": "/tmp/kubeconfig",
      "maas-kind:adoptExistingObjects": "true",
      "maas-kind:deleteUnreachable": "true",
    });
    const mocks = installMocks();
    kubeProvider("kind", config);
    await settle();
    const [p] = mocks.ofType("pulumi:providers:kubernetes");
    assert.equal(p?.inputs.context, "ctx");
    assert.equal(p?.inputs.kubeconfig, "/tmp/kubeconfig");
    assert.equal(String(p?.inputs.upsertExistingObjects), "true");
    assert.equal(String(p?.inputs.deleteUnreachable), "true");
  });
});
