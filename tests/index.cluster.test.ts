import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { PreflightError } from "../components/preflight/host-preflight";
import type { StackOutputs } from "../components/outputs/stack-outputs";
import { parseStackOutputs } from "../components/outputs/stack-outputs";
import * as msg from "../components/preflight/preflight-messages";
import type { ProgramRun } from "./helpers/program";
import { failProgram, fakeHost, runProgram } from "./helpers/program";
import { mockClusterId, mockKubeconfig, setMockPreflightWarnings } from "./helpers/pulumi-mocks";
import { stackConfig } from "./helpers/stack-config";

const KIND_CLUSTER = "pulumi-nodejs:dynamic/maas-kind:KindClusterInstance";
const PREFLIGHT = "pulumi-nodejs:dynamic/maas-kind:ClusterPreflight";
const IMAGE_LOAD = "pulumi-nodejs:dynamic/maas-kind:KindImageLoad";
const TOKEN = "pulumi-nodejs:dynamic/maas-kind:TokenRequest";
const PROVIDER = "pulumi:providers:kubernetes";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const HTTPROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

const one = (run: ProgramRun, type: string) => {
  const found = run.mocks.ofType(type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};
/** The value of a secret input as the mocks see it; fails if the input is not a secret. */
const secret = (v: unknown): unknown => {
  const wrapped = v as Record<string, unknown> | undefined;
  assert.equal(wrapped?.["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "a secret");
  return wrapped?.value;
};
const index = (run: ProgramRun, pred: (r: ProgramRun["mocks"]["resources"][number]) => boolean) =>
  run.mocks.resources.findIndex(pred);

describe("the program's cluster, provider wiring and preflight (index.ts on mocks)", () => {
  describe("with the dev stack (kind.create: true)", () => {
    let run: ProgramRun;
    before(async () => {
      // The mocks answer the Preflight late, as a real check against the cluster would be: whatever waits for
      // it is registered after it.
      run = await runProgram(stackConfig("dev"), { delays: { [PREFLIGHT]: 50 } });
    });

    it("runs the host preflight first and says it will create the cluster", () => {
      assert.deepEqual(run.host.runner.lines, [
        "docker --version",
        "kind version",
        "kubectl version --client",
        "docker info --format {{json .SecurityOptions}}",
        "kind get clusters",
      ]);
      assert.match(run.host.notes[0] ?? "", /"maas-local" does not exist: the stack creates it/);
    });

    it("declares the Kind cluster maas-local with the MaaS layout and the configured engine", () => {
      const cluster = one(run, KIND_CLUSTER);
      assert.equal(cluster.inputs.name, "maas-local");
      assert.equal(cluster.inputs.engine, "docker");
      const node = parse(cluster.inputs.config as string).nodes[0];
      assert.deepEqual(node.labels, { "ingress-ready": "true" });
      assert.deepEqual(
        node.extraPortMappings.map((m: { hostPort: number; containerPort: number }) => [
          m.hostPort,
          m.containerPort,
        ]),
        [
          [80, 30080],
          [443, 30443],
        ],
      );
    });

    it("binds the Kubernetes provider to the cluster's own kubeconfig and context", () => {
      const provider = one(run, PROVIDER);
      assert.equal(secret(provider.inputs.kubeconfig), mockKubeconfig("maas-local"));
      assert.equal(provider.inputs.context, "kind-maas-local");
    });

    it("loads the image into that cluster, by name and identity (a re-created cluster gets it again)", () => {
      const load = one(run, IMAGE_LOAD);
      assert.equal(load.inputs.cluster, "maas-local");
      assert.equal(load.inputs.clusterId, mockClusterId("maas-local"));
    });

    it("mints the tokens with the cluster's kubeconfig", () => {
      const tokens = run.mocks.ofType(TOKEN);
      assert.equal(tokens.length, 3);
      for (const t of tokens) {
        assert.equal(secret(t.inputs.kubeconfig), mockKubeconfig("maas-local"));
        assert.equal(t.inputs.context, "kind-maas-local");
      }
    });

    it("checks the cluster for KServe, the Gateway API and the Gateway", () => {
      const p = one(run, PREFLIGHT);
      assert.equal(secret(p.inputs.kubeconfig), mockKubeconfig("maas-local"));
      assert.equal(p.inputs.context, "kind-maas-local");
      assert.equal(p.inputs.cluster, "maas-local");
      assert.equal(p.inputs.kserveApiVersion, "serving.kserve.io/v1alpha1");
      assert.equal(p.inputs.requireGatewayApi, true);
      assert.equal(p.inputs.gatewayApiVersion, "v1.2.1");
      assert.deepEqual(p.inputs.gateway, { namespace: "istio-system", name: "maas-gateway" });
      assert.ok(!run.mocks.resources.some((r) => r.type === CONFIG_FILE), "no Gateway API CRDs unless asked");
    });

    it("declares every Kubernetes object and token only after the cluster preflight passed", () => {
      const preflight = index(run, (r) => r.type === PREFLIGHT);
      const waiting = run.mocks.resources.filter(
        (r) => r.custom && (r.type.startsWith("kubernetes:") || r.type === TOKEN),
      );
      assert.ok(waiting.length > 10);
      for (const r of waiting) {
        assert.ok(run.mocks.resources.indexOf(r) > preflight, `${r.type} ${r.name} waits for the preflight`);
      }
    });

    it("keeps the outputs' shape: cluster name and context, gateway on port 80", () => {
      const out = parseStackOutputs(run.outputs);
      assert.deepEqual(out.cluster, { name: "maas-local", context: "kind-maas-local" });
      assert.equal(out.gateway.baseUrl, "http://localhost");
    });
  });

  it("moved host ports reach the kind config and the gateway URLs", async () => {
    const run = await runProgram(stackConfig("dev", { kind: { httpPort: 8080, httpsPort: 8443 } }));
    const mappings = parse(one(run, KIND_CLUSTER).inputs.config as string).nodes[0].extraPortMappings;
    assert.deepEqual(
      mappings.map((m: { hostPort: number }) => m.hostPort),
      [8080, 8443],
    );
    const out = parseStackOutputs(run.outputs);
    assert.equal(out.gateway.baseUrl, "http://localhost:8080");
    assert.equal(out.models["model-a"]?.gatewayUrls.models, "http://localhost:8080/llm/model-a/v1/models");
  });

  it("an existing cluster: the host preflight says the stack adopts it and never deletes it", async () => {
    const host = fakeHost((c) =>
      c.command === "kind" && c.args[0] === "get" ? { stdout: "maas-local\n" } : undefined,
    );
    const run = await runProgram(stackConfig("dev"), { host });
    assert.match(
      host.notes[0] ?? "",
      /exists: the stack uses it as it is; destroy deletes it only if this stack created it \(a cluster it adopted is never deleted\)\./,
    );
    assert.equal(run.mocks.ofType(KIND_CLUSTER).length, 1, "the KindCluster resource records the adoption");
  });

  describe("kind.create: false keeps the configured context", () => {
    const existing = () =>
      fakeHost((c) => (c.command === "kind" && c.args[0] === "get" ? { stdout: "maas-local\n" } : undefined));

    it("no KindCluster; the provider, tokens and preflight use kind-<cluster> from the default kubeconfig", async () => {
      const run = await runProgram(stackConfig("dev", { kind: { create: false } }), { host: existing() });
      assert.equal(run.mocks.ofType(KIND_CLUSTER).length, 0);
      const provider = one(run, PROVIDER);
      assert.equal(provider.inputs.context, "kind-maas-local");
      assert.equal(provider.inputs.kubeconfig, undefined);
      for (const t of run.mocks.ofType(TOKEN)) assert.equal(t.inputs.kubeconfig, undefined);
      assert.equal(one(run, PREFLIGHT).inputs.kubeconfig, undefined);
      const load = one(run, IMAGE_LOAD);
      assert.equal(load.inputs.cluster, "maas-local");
      assert.equal(load.inputs.clusterId, undefined);
      assert.deepEqual(parseStackOutputs(run.outputs).cluster, {
        name: "maas-local",
        context: "kind-maas-local",
      });
    });

    it("a configured context and kubeconfig reach the provider, the tokens and the preflight", async () => {
      const run = await runProgram(
        stackConfig("dev", { kind: { create: false }, kubeContext: "ctx", kubeconfig: "/k/config" }),
        { host: existing() },
      );
      assert.deepEqual(
        [one(run, PROVIDER).inputs.context, one(run, PROVIDER).inputs.kubeconfig],
        ["ctx", "/k/config"],
      );
      for (const t of run.mocks.ofType(TOKEN))
        assert.deepEqual([t.inputs.context, secret(t.inputs.kubeconfig)], ["ctx", "/k/config"]);
      assert.equal(one(run, PREFLIGHT).inputs.context, "ctx");
      assert.equal(parseStackOutputs(run.outputs).cluster.context, "ctx");
    });

    it("a missing cluster stops the program before anything is declared", async () => {
      const { error, mocks } = await failProgram(stackConfig("dev", { kind: { create: false } }));
      assert.ok(error instanceof PreflightError);
      assert.deepEqual(error.problems, [msg.clusterMissing("maas-local", [], "docker")]);
      assert.deepEqual(mocks.resources, []);
    });
  });

  it("gatewayApi.install: the standard CRDs through the same provider; preflight and routes wait for them", async () => {
    const run = await runProgram(stackConfig("dev", { gatewayApi: { install: true } }), {
      delays: { [CONFIG_FILE]: 50 },
    });
    const crds = run.mocks.resources.find((r) => r.type === CONFIG_FILE);
    assert.ok(crds, "a yaml/v2 ConfigFile (a remote component) is declared");
    assert.equal(
      crds.inputs.file,
      "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml",
    );
    assert.match(crds.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
    assert.equal(
      one(run, PREFLIGHT).inputs.requireGatewayApi,
      false,
      "the stack installs them: no need to require them",
    );
    const at = run.mocks.resources.indexOf(crds);
    assert.ok(index(run, (r) => r.type === PREFLIGHT) > at);
    for (const route of run.mocks.ofType(HTTPROUTE)) assert.ok(run.mocks.resources.indexOf(route) > at);
  });

  it("deployment mode without routes: the preflight asks for neither KServe nor the Gateway API", async () => {
    const run = await runProgram(stackConfig("dev", { workload: "deployment", httpRoutes: false }));
    const p = one(run, PREFLIGHT);
    assert.equal(p.inputs.kserveApiVersion, undefined);
    assert.equal(p.inputs.requireGatewayApi, false);
    assert.equal(p.inputs.gateway, undefined);
  });

  it("Podman: the host is checked with podman, the cluster and the image load use it", async () => {
    const run = await runProgram(stackConfig("dev", { containerEngine: "podman" }));
    assert.ok(run.host.runner.lines.includes("podman info --format {{.Host.Security.Rootless}}"));
    const kindCall = run.host.runner.calls.find((c) => c.command === "kind" && c.args[0] === "get");
    assert.deepEqual(kindCall?.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    assert.equal(one(run, KIND_CLUSTER).inputs.engine, "podman");
    assert.equal(one(run, IMAGE_LOAD).inputs.engine, "podman");
    assert.equal(one(run, PREFLIGHT).inputs.engine, "podman");
  });

  it("preflight: false runs no host command and declares no Preflight", async () => {
    const run = await runProgram(stackConfig("dev", { preflight: false }));
    assert.deepEqual(run.host.runner.calls, []);
    assert.equal(run.mocks.ofType(PREFLIGHT).length, 0);
    assert.equal(run.mocks.ofType("pulumi-nodejs:dynamic/maas-kind:NamespaceClaim").length, 4);
  });

  it("a host without kind fails with one message per problem and declares nothing", async () => {
    const host = fakeHost((c) => (c.command === "kind" ? { code: 127, notFound: true } : undefined));
    const { error, mocks } = await failProgram(stackConfig("dev"), host);
    assert.ok(error instanceof PreflightError, String(error));
    assert.deepEqual(error.problems, [msg.kindMissing()]);
    assert.match(
      error.message,
      /^preflight: a problem stops the deployment \(nothing was created\):\n {2}- kind not found/,
    );
    assert.deepEqual(mocks.resources, []);
  });

  it("a taken port 80 names kind.httpPort, before anything is declared", async () => {
    const { error, mocks } = await failProgram(stackConfig("dev"), fakeHost(undefined, [80]));
    assert.deepEqual((error as PreflightError).problems, [msg.portInUse(80, "kind.httpPort")]);
    assert.deepEqual(mocks.resources, []);
  });

  it("logs the cluster preflight's warnings (e.g. a missing Gateway) and goes on", async () => {
    const warning = msg.gatewayNotFound("istio-system", "maas-gateway", false);
    const logged: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void logged.push(args.join(" "));
    setMockPreflightWarnings([warning]);
    try {
      const run = await runProgram(stackConfig("dev"));
      assert.equal(Object.keys((run.outputs as unknown as StackOutputs).models).length, 2);
    } finally {
      console.warn = original;
      setMockPreflightWarnings([]);
    }
    assert.deepEqual(logged, [`warning: [runtime] ${warning}`]);
  });

  it("the bare stack: a created cluster, Deployments instead of KServe, the Gateway API CRDs, the same outputs", async () => {
    const run = await runProgram(stackConfig("bare"));
    assert.equal(one(run, KIND_CLUSTER).inputs.name, "maas-local");
    assert.ok(run.mocks.resources.some((r) => r.type === CONFIG_FILE));
    assert.equal(run.mocks.ofType("kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService").length, 0);
    assert.equal(run.mocks.ofType("kubernetes:apps/v1:Deployment").length, 2);
    assert.equal(run.mocks.ofType(HTTPROUTE).length, 2);
    const p = one(run, PREFLIGHT);
    assert.equal(p.inputs.kserveApiVersion, undefined);
    assert.equal(p.inputs.requireGatewayApi, false);
    const out = parseStackOutputs(run.outputs);
    assert.deepEqual(Object.keys(out.models), ["model-a", "model-b"]);
    assert.deepEqual(Object.keys(out.tiers), ["free", "premium", "enterprise"]);
  });
});
