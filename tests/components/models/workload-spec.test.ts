import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import {
  MAIN_CONTAINER,
  SIMULATOR_COMMAND,
  SIMULATOR_PORT,
  simulatorArgs,
  simulatorContainer,
  workloadPodLabels,
  workloadSelector,
  workloadServiceName,
} from "../../../components/models/workload-spec";

describe("workload spec (components/models/workload-spec.ts)", () => {
  it("starts the simulator like the reference: --port 8000 --model <name> --mode random", () => {
    assert.deepEqual(simulatorArgs({ name: "model-a", simulatorArgs: {} }), [
      "--port",
      "8000",
      "--model",
      "model-a",
      "--mode",
      "random",
    ]);
  });

  it("appends extra flags: values, booleans as --x / --no-x, lists repeated; a configured mode replaces random", () => {
    assert.deepEqual(
      simulatorArgs({
        name: "m",
        simulatorArgs: {
          mode: "echo",
          "max-num-seqs": 10,
          "time-to-first-token": "100ms",
          "enable-kvcache": true,
          "mm-encoder-only": false,
          "served-model-name": ["a", "b"],
        },
      }),
      [
        "--port", "8000", "--model", "m", "--mode", "echo",
        "--max-num-seqs", "10", "--time-to-first-token", "100ms", "--enable-kvcache", "--no-mm-encoder-only",
        "--served-model-name", "a", "--served-model-name", "b",
      ], // prettier-ignore
    );
  });

  it("labels pods like KServe and selects on part-of, name and kserve.io/component", () => {
    const labels = workloadPodLabels("model-a");
    assert.deepEqual(labels, {
      "app.kubernetes.io/name": "model-a",
      "app.kubernetes.io/part-of": "llminferenceservice",
      "app.kubernetes.io/component": "llminferenceservice-workload",
      "kserve.io/component": "workload",
      "llm-d.ai/role": "both",
    });
    const selector = workloadSelector("model-a");
    assert.deepEqual(Object.keys(selector).sort(), [
      "app.kubernetes.io/name",
      "app.kubernetes.io/part-of",
      "kserve.io/component",
    ]);
    for (const [k, v] of Object.entries(selector)) assert.equal(workloadPodLabels("model-a")[k], v, k);
    assert.equal(workloadServiceName("model-a"), "model-a-kserve-workload-svc");
  });

  it("builds the `main` container: image, IfNotPresent, command, probes, resources, restricted security", () => {
    const model = parseStackConfig({}).models[0]!;
    const c = simulatorContainer({ model, image: "repo:tag", imageId: "sha256:abc" });
    assert.equal(c.name, MAIN_CONTAINER);
    assert.equal(c.name, "main");
    assert.equal(c.image, "repo:tag");
    assert.equal(c.imagePullPolicy, "IfNotPresent");
    assert.deepEqual(c.command, SIMULATOR_COMMAND);
    assert.deepEqual(c.ports, [{ name: "http", containerPort: SIMULATOR_PORT, protocol: "TCP" }]);
    assert.deepEqual(c.readinessProbe, {
      httpGet: { path: "/ready", port: 8000, scheme: "HTTP" },
      periodSeconds: 5,
      failureThreshold: 3,
      timeoutSeconds: 2,
    });
    assert.equal((c.livenessProbe as { httpGet: { path: string } }).httpGet.path, "/health");
    assert.deepEqual(c.resources, {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    assert.deepEqual(c.securityContext, {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.deepEqual((c.env as { name: string; value?: string }[])[0], {
      name: "MAAS_KIND_IMAGE_ID",
      value: "sha256:abc",
    });
  });

  it("probes over HTTPS when the model's flags make the simulator serve TLS", () => {
    const scheme = (simulatorArgs: Record<string, string | boolean>) =>
      (
        simulatorContainer({
          model: { ...parseStackConfig({}).models[0]!, simulatorArgs },
          image: "i:t",
          imageId: "sha256:1",
        }).readinessProbe as { httpGet: { scheme: string } }
      ).httpGet.scheme;
    assert.equal(scheme({}), "HTTP");
    assert.equal(scheme({ "self-signed-certs": true }), "HTTPS");
    assert.equal(scheme({ "ssl-certfile": "/tls/tls.crt", "ssl-keyfile": "/tls/tls.key" }), "HTTPS");
    assert.equal(scheme({ "self-signed-certs": false }), "HTTP");
  });
});
