import { strict as assert } from "node:assert";
import { parse } from "yaml";
import {
  GATEWAY_HTTPS_NODEPORT,
  GATEWAY_HTTP_NODEPORT,
  kindClusterConfig,
  kindConfigYaml,
} from "../../../components/cluster/kind-config";

const maas = { name: "maas-local", httpPort: 80, httpsPort: 443 };

describe("kind cluster configuration (components/cluster/kind-config.ts)", () => {
  it("is the MaaS Kind layout: one labelled control-plane node, 80→30080 and 443→30443, the two subnets", () => {
    assert.deepEqual(parse(kindConfigYaml(maas)), {
      kind: "Cluster",
      apiVersion: "kind.x-k8s.io/v1alpha4",
      name: "maas-local",
      networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
      nodes: [
        {
          role: "control-plane",
          labels: { "ingress-ready": "true" },
          extraPortMappings: [
            { containerPort: 30080, hostPort: 80, protocol: "TCP" },
            { containerPort: 30443, hostPort: 443, protocol: "TCP" },
          ],
        },
      ],
    });
    assert.deepEqual([GATEWAY_HTTP_NODEPORT, GATEWAY_HTTPS_NODEPORT], [30080, 30443]);
  });

  it("quotes the label value, so kind reads a string and not a boolean", () => {
    assert.match(kindConfigYaml(maas), /^ {6}ingress-ready: "true"$/m);
  });

  it("moves the host ports, sets the node image and binds a listen address when configured", () => {
    const config = kindClusterConfig({
      name: "other",
      httpPort: 8080,
      httpsPort: 8443,
      nodeImage: "kindest/node:v1.33.1",
      listenAddress: "127.0.0.1",
    });
    const [node] = config.nodes;
    assert.equal(config.name, "other");
    assert.equal(node?.image, "kindest/node:v1.33.1");
    assert.deepEqual(node?.extraPortMappings, [
      { containerPort: 30080, hostPort: 8080, listenAddress: "127.0.0.1", protocol: "TCP" },
      { containerPort: 30443, hostPort: 8443, listenAddress: "127.0.0.1", protocol: "TCP" },
    ]);
    assert.deepEqual(
      parse(kindConfigYaml({ ...maas, nodeImage: "kindest/node:v1.33.1" })).nodes[0].image,
      "kindest/node:v1.33.1",
    );
  });

  it("is deterministic: the same layout renders the same text (a layout change is what replaces a cluster)", () => {
    assert.equal(kindConfigYaml(maas), kindConfigYaml({ ...maas }));
    assert.notEqual(kindConfigYaml(maas), kindConfigYaml({ ...maas, httpPort: 8080 }));
  });
});
