/**
 * The image delivery keys (imageDelivery, imagePlatform, registryUsername/registryPassword), the per-model
 * autoscaling, and the remote stack file (Pulumi.remote.yaml) as the program would read them.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError, parseStackConfig, registryHost } from "../../../components/config/stack-config";
import { UPSTREAM } from "../../helpers/maas-platform/sources";
import { stackConfig } from "../../helpers/stack-config";

/** MaaS's OpenShift Gateway, vendored (models-as-a-service 30050fd3, deployment/base/networking/maas/). */
const OPENSHIFT_GATEWAY = path.join(
  UPSTREAM,
  "models-as-a-service@30050fd3/deployment/base/networking/maas/maas-gateway-api.yaml",
);

function problem(overrides: Record<string, unknown>, stack = "dev"): string {
  try {
    parseStackConfig(stackConfig(stack, overrides));
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for ${JSON.stringify(overrides)}`);
}

const REGISTRY = { imageDelivery: "registry", imageRepository: "registry.example.com:5000/maas/sim" };

describe("stack config: image delivery and autoscaling", () => {
  it("delivers through kind by default, with no registry and the engine's platform", () => {
    const c = parseStackConfig(stackConfig("dev"));
    assert.equal(c.image.delivery, "kind");
    assert.equal(c.image.platform, undefined);
    assert.equal(c.registry, undefined);
  });

  it("registry mode: the server is imageRepository's host; credentials only when both are set", () => {
    const bare = parseStackConfig(stackConfig("dev", REGISTRY));
    assert.equal(bare.image.delivery, "registry");
    assert.deepEqual(bare.registry, { server: "registry.example.com:5000", credentials: undefined });
    const withCreds = parseStackConfig(
      stackConfig("dev", { ...REGISTRY, registryUsername: "bot", registryPassword: "s3cret" }),
    );
    assert.deepEqual(withCreds.registry?.credentials, { username: "bot", password: "s3cret" });
  });

  it("reads the registry host as Docker does", () => {
    assert.equal(registryHost("quay.io/you/sim"), "quay.io");
    assert.equal(registryHost("127.0.0.1:5000/sim"), "127.0.0.1:5000");
    assert.equal(registryHost("localhost/maas-kind/simulator"), "localhost");
    assert.equal(registryHost("you/sim"), undefined);
    assert.equal(registryHost("sim"), undefined);
  });

  it("refuses registry mode without a registry host in imageRepository", () => {
    assert.match(
      problem({ imageDelivery: "registry" }),
      /maas-kind:imageRepository: "localhost\/maas-kind\/simulator" names no registry to push to/,
    );
    assert.match(
      problem({ imageDelivery: "registry", imageRepository: "you/sim" }),
      /maas-kind:imageRepository: .*names no registry/,
    );
  });

  it("refuses half the credentials, and credentials without a registry", () => {
    assert.match(
      problem({ ...REGISTRY, registryUsername: "bot" }),
      /maas-kind:registryPassword: is required/,
    );
    assert.match(problem({ ...REGISTRY, registryPassword: "x" }), /maas-kind:registryUsername: is required/);
    assert.match(
      problem({ registryUsername: "bot", registryPassword: "x" }),
      /maas-kind:registryUsername: is only used with imageDelivery: registry/,
    );
  });

  it("checks the platform and the delivery mode", () => {
    assert.equal(
      parseStackConfig(stackConfig("dev", { imagePlatform: "linux/arm64/v8" })).image.platform,
      "linux/arm64/v8",
    );
    assert.match(
      problem({ imagePlatform: "linux/amd64,linux/arm64" }),
      /maas-kind:imagePlatform: .*not one platform/,
    );
    assert.match(problem({ imageDelivery: "push" }), /maas-kind:imageDelivery: /);
  });

  it("autoscaling: deployment mode, one metric, min ≤ max", () => {
    const hpa = (autoscaling: unknown, workload = "deployment") => ({
      workload,
      models: [{ name: "model-a", tier: "free", autoscaling }],
    });
    const c = parseStackConfig(stackConfig("dev", hpa({ maxReplicas: 4, requestsWaiting: 2 })));
    assert.deepEqual(c.models[0]?.autoscaling, { minReplicas: 1, maxReplicas: 4, requestsWaiting: 2 });
    assert.match(
      problem(hpa({ maxReplicas: 4, cpuUtilization: 80 }, "kserve")),
      /maas-kind:models\[0\]\.autoscaling: needs workload: deployment: .*no scale subresource/,
    );
    assert.match(
      problem(hpa({ maxReplicas: 4, cpuUtilization: 80, requestsWaiting: 2 })),
      /models\[0\]\.autoscaling\.cpuUtilization: set exactly one/,
    );
    assert.match(problem(hpa({ maxReplicas: 4 })), /set exactly one of cpuUtilization and requestsWaiting/);
    assert.match(
      problem(hpa({ minReplicas: 5, maxReplicas: 4, cpuUtilization: 80 })),
      /models\[0\]\.autoscaling\.minReplicas: 5 exceeds maxReplicas 4/,
    );
    assert.match(
      problem(hpa({ maxReplicas: 4, cpuUtilization: 80, cpu: 1 })),
      /autoscaling\.cpu: unknown key/,
    );
  });

  it("Pulumi.remote.yaml: registry mode, no Kind, MaaS's OpenShift gateway", () => {
    const c = parseStackConfig(stackConfig("remote"));
    assert.equal(c.kind.create, false);
    assert.equal(c.image.delivery, "registry");
    assert.equal(c.image.platform, "linux/amd64");
    assert.equal(c.registry?.server, "quay.io");
    assert.equal(c.cluster.context, "maas-remote");
    assert.deepEqual(
      { namespace: c.gateway.namespace, name: c.gateway.name, section: c.gateway.sectionName },
      { namespace: "openshift-ingress", name: "maas-default-gateway", section: "https" },
    );
    const gateway = parse(readFileSync(OPENSHIFT_GATEWAY, "utf8")) as {
      metadata: { name: string; namespace: string };
      spec: { listeners: { name: string; hostname: string }[] };
    };
    assert.deepEqual(
      { namespace: c.gateway.namespace, name: c.gateway.name },
      { namespace: gateway.metadata.namespace, name: gateway.metadata.name },
      "the Gateway of MaaS's OpenShift deployment",
    );
    const listener = gateway.spec.listeners.find((l) => l.name === c.gateway.sectionName);
    assert.ok(listener, `listener ${c.gateway.sectionName} exists`);
    assert.equal(listener.hostname, "maas.${CLUSTER_DOMAIN}");
    for (const h of c.gateway.hostnames) assert.match(h, /^maas\./, "hostnames are maas.<cluster domain>");
  });
});
