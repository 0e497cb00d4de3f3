/** The cluster preflight when no Kind is involved (kind.create false, registry delivery). */
import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import { checkCluster, clusterPreflightArgs } from "../../../components/preflight/cluster-preflight";
import { clusterTarget } from "../../../components/cluster/kube-provider";
import { FakeRunner } from "../../helpers/fake-runner";
import { stackConfig } from "../../helpers/stack-config";

describe("cluster preflight without Kind (components/preflight/cluster-preflight.ts)", () => {
  it("the remote stack marks the check kind: false; Kind stacks leave it out", () => {
    const remote = parseStackConfig(stackConfig("remote"));
    assert.equal(clusterPreflightArgs(remote, clusterTarget(remote)).kind, false);
    const dev = parseStackConfig(stackConfig("dev"));
    assert.equal("kind" in clusterPreflightArgs(dev, clusterTarget(dev)), false);
  });

  it("an unreachable API server: no Kind advice for a cluster that is not Kind's", async () => {
    const runner = new FakeRunner(() => ({
      code: 1,
      stderr: "error: You must be logged in to the server (Unauthorized)",
    }));
    const spec = {
      cluster: "maas-local",
      engine: "docker" as const,
      context: "maas-remote",
      requireGatewayApi: false,
      gatewayApiVersion: "v1.2.1",
    };
    const remote = await checkCluster(runner, { ...spec, kind: false });
    assert.match(
      remote.errors[0] ?? "",
      /^Cluster unreachable: kubectl cannot reach context maas-remote \(.*Unauthorized/,
    );
    assert.match(remote.errors[0] ?? "", /credentials for it are current/);
    assert.doesNotMatch(remote.errors[0] ?? "", /Kind|control-plane|kind\.create/);
    const kind = await checkCluster(runner, spec);
    assert.match(kind.errors[0] ?? "", /docker ps` lists maas-local-control-plane/);
  });
});
