import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { KindCluster } from "../../../components/cluster/kind-cluster";
import { fakeBin } from "../../helpers/fake-bin";
import { loadSerializedProvider } from "../../helpers/serialized-provider";
import { fakeKubeconfig } from "../../helpers/fake-kind";
import { installMocks, mockClusterId, mockKubeconfig, resolve, settle } from "../../helpers/pulumi-mocks";

const KIND_CLUSTER = "pulumi-nodejs:dynamic/maas-kind:KindClusterInstance";

async function declare(engine: "docker" | "podman" = "docker", httpPort = 80) {
  const mocks = installMocks();
  const cluster = new KindCluster("kind", {
    layout: { name: "maas-local", httpPort, httpsPort: httpPort === 80 ? 443 : 8443 },
    engine,
  });
  const out = {
    name: await resolve(cluster.name),
    context: await resolve(cluster.context),
    kubeconfig: await resolve(cluster.kubeconfig),
    clusterId: await resolve(cluster.clusterId),
    created: await resolve(cluster.created),
    kubeconfigSecret: await pulumi.isSecret(cluster.kubeconfig),
  };
  await settle();
  const [instance] = mocks.ofType(KIND_CLUSTER);
  return { mocks, out, instance: instance! };
}

describe("KindCluster component", () => {
  it("wraps one KindCluster dynamic resource with the cluster's name, engine and MaaS layout", async () => {
    const { mocks, instance } = await declare();
    assert.equal(mocks.resources.find((r) => !r.custom)?.type, "maas-kind:cluster:KindCluster");
    assert.equal(instance.inputs.name, "maas-local");
    assert.equal(instance.inputs.engine, "docker");
    const config = parse(instance.inputs.config as string);
    assert.deepEqual(
      config.nodes[0].extraPortMappings.map((m: { hostPort: number; containerPort: number }) => [
        m.hostPort,
        m.containerPort,
      ]),
      [
        [80, 30080],
        [443, 30443],
      ],
    );
  });

  it("passes the configured host ports and the engine through", async () => {
    const { instance } = await declare("podman", 8080);
    assert.equal(instance.inputs.engine, "podman");
    assert.equal(parse(instance.inputs.config as string).nodes[0].extraPortMappings[0].hostPort, 8080);
  });

  it("outputs name, context, ownership, identity, and the kubeconfig as a secret", async () => {
    const { out } = await declare();
    assert.deepEqual(out, {
      name: "maas-local",
      context: "kind-maas-local",
      kubeconfig: mockKubeconfig("maas-local"),
      clusterId: mockClusterId("maas-local"),
      created: true,
      kubeconfigSecret: true,
    });
  });

  it("serializes a self-contained provider that creates with the config on stdin and deletes what it created", async () => {
    const { instance } = await declare("podman");
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(
      instance.inputs.__provider as string,
    );
    const bin = fakeBin({
      kind: [
        `STATE="$(dirname "$0")/clusters"`,
        `case "$1 $2" in`,
        `  "get clusters") cat "$STATE" 2>/dev/null || true ;;`,
        `  "create cluster") cat > "$(dirname "$0")/config.yaml"; echo "$4" >> "$STATE"; echo "env=$KIND_EXPERIMENTAL_PROVIDER" > "$(dirname "$0")/env" ;;`,
        `  "get kubeconfig") cat <<'EOF'\n${fakeKubeconfig("maas-local", "CA1")}EOF\n ;;`,
        `  "delete cluster") : > "$STATE" ;;`,
        `esac`,
      ].join("\n"),
    });
    try {
      const inputs = {
        name: "maas-local",
        engine: "podman",
        config: instance.inputs.config as string,
      };
      const created = await bin.withPath(() => provider.create(inputs));
      assert.equal(created.outs.created, true);
      assert.equal(created.outs.kubeconfig, fakeKubeconfig("maas-local", "CA1"));
      assert.equal(readFileSync(path.join(bin.dir, "config.yaml"), "utf8"), inputs.config);
      assert.equal(readFileSync(path.join(bin.dir, "env"), "utf8").trim(), "env=podman");
      await bin.withPath(() => provider.delete!(created.id, created.outs));
      assert.deepEqual(bin.calls(), [
        "kind get clusters",
        "kind create cluster --name maas-local --config - --wait 120s",
        "kind get kubeconfig --name maas-local",
        "kind delete cluster --name maas-local",
      ]);
    } finally {
      bin.remove();
    }
  });
});
