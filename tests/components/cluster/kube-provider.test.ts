import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import { clusterTarget, kubeProvider, kubeProviderArgs } from "../../../components/cluster/kube-provider";
import { installMocks, settle } from "../../helpers/pulumi-mocks";

describe("Kubernetes provider (components/cluster/kube-provider.ts)", () => {
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

  it("targets a managed cluster through its own kubeconfig, context, name and identity", () => {
    const managed = {
      name: "maas-local",
      context: "kind-maas-local",
      kubeconfig: "apiVersion: v1\n",
      clusterId: "ca-1",
    };
    const config = parseStackConfig({});
    assert.deepEqual(clusterTarget(config, managed), managed);
    assert.deepEqual(kubeProviderArgs(config, clusterTarget(config, managed)), {
      context: "kind-maas-local",
      kubeconfig: "apiVersion: v1\n",
      enableServerSideApply: true,
      upsertExistingObjects: false,
      deleteUnreachable: false,
    });
  });

  it("without a managed cluster, targets the configured cluster and context, without an identity", () => {
    const config = parseStackConfig({
      "maas-kind:kind": JSON.stringify({ create: false }),
      "maas-kind:clusterName": "c",
    });
    assert.deepEqual(clusterTarget(config), { name: "c", context: "kind-c" });
  });
});
