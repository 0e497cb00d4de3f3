import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { gatewayApiManifestUrl } from "../../../components/config/stack-config";
import { GatewayApiCrds } from "../../../components/routing/gateway-api-crds";
import { installMocks, settle } from "../../helpers/pulumi-mocks";

describe("GatewayApiCrds component", () => {
  it("applies the release's standard-install.yaml through the stack's provider", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", { context: "kind-maas-local" });
    const crds = new GatewayApiCrds("gateway-api", {
      provider,
      version: "v1.2.1",
      manifest: gatewayApiManifestUrl("v1.2.1"),
    });
    await settle();
    assert.equal(crds.version, "v1.2.1");
    const file = mocks.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigFile");
    assert.ok(file, "a yaml/v2 ConfigFile is declared");
    assert.equal(
      file.inputs.file,
      "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml",
    );
    assert.match(file.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
    assert.equal(mocks.resources.find((r) => !r.custom)?.type, "maas-kind:routing:GatewayApiCrds");
  });
});
