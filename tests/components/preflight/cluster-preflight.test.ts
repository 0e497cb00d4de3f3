import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type {
  ClusterCheckSpec,
  ClusterPreflightInputs,
} from "../../../components/preflight/cluster-preflight";
import {
  ClusterPreflight,
  GATEWAY_CRD,
  HTTPROUTE_CRD,
  KSERVE_CRD,
  checkCluster,
  clusterCheckSpec,
  clusterPreflightProvider,
  hasUnknowns,
  servedVersions,
} from "../../../components/preflight/cluster-preflight";
import { parseStackConfig } from "../../../components/config/stack-config";
import * as msg from "../../../components/preflight/preflight-messages";
import { fakeBin } from "../../helpers/fake-bin";
import { loadSerializedProvider } from "../../helpers/serialized-provider";
import { FakeRunner } from "../../helpers/fake-runner";
import { aliasUrns, installMocks, resolve, settle } from "../../helpers/pulumi-mocks";
import { stackConfig } from "../../helpers/stack-config";

/** A cluster as kubectl sees it: reachable or not, its CRDs with served versions, its Gateways. */
interface Cluster {
  unreachable?: string;
  crds?: Record<string, string[]>;
  gateways?: string[];
  crdListFails?: boolean;
}

const FULL: Cluster = {
  crds: { [KSERVE_CRD]: ["v1alpha1"], [HTTPROUTE_CRD]: ["v1", "v1beta1"], [GATEWAY_CRD]: ["v1", "v1beta1"] },
  gateways: ["istio-system/maas-gateway"],
};

function kubectl(cluster: Cluster, seen?: { kubeconfigFile?: string; content?: string }) {
  return new FakeRunner((c) => {
    const args = [...c.args];
    const kc = args.indexOf("--kubeconfig");
    if (kc >= 0 && seen) {
      seen.kubeconfigFile = args[kc + 1];
      seen.content = readFileSync(args[kc + 1]!, "utf8");
    }
    const rest = args.slice(args.findIndex((a) => a.startsWith("--request-timeout")) + 1);
    if (rest.join(" ") === "get --raw /readyz") {
      return cluster.unreachable ? { code: 1, stderr: cluster.unreachable } : { stdout: "ok" };
    }
    if (rest[0] === "get" && rest[1] === "customresourcedefinitions") {
      if (cluster.crdListFails) return { code: 1, stderr: "Error from server (Forbidden): forbidden" };
      const names = rest.slice(2).filter((a) => !a.startsWith("-") && a !== "json");
      const items = names
        .filter((n) => cluster.crds?.[n])
        .map((n) => ({
          metadata: { name: n },
          spec: {
            versions: [
              ...cluster.crds![n]!.map((v) => ({ name: v, served: true })),
              { name: "v0", served: false },
            ],
          },
        }));
      if (items.length === 0) return { stdout: "" };
      return { stdout: JSON.stringify(names.length === 1 ? items[0] : { kind: "List", items }) };
    }
    if (rest[0] === "get" && rest[1] === GATEWAY_CRD) {
      const ns = rest[rest.indexOf("--namespace") + 1];
      const key = `${ns}/${rest[2]}`;
      return {
        stdout: cluster.gateways?.includes(key) ? `gateway.gateway.networking.k8s.io/${rest[2]}\n` : "",
      };
    }
    return { code: 1, stderr: `unexpected: ${args.join(" ")}` };
  });
}

const spec: ClusterCheckSpec = {
  cluster: "maas-local",
  engine: "docker",
  context: "kind-maas-local",
  kserveApiVersion: "serving.kserve.io/v1alpha1",
  requireGatewayApi: true,
  gatewayApiVersion: "v1.2.1",
  gateway: { namespace: "istio-system", name: "maas-gateway" },
};

describe("cluster preflight (components/preflight/cluster-preflight.ts)", () => {
  it("a MaaS-ready cluster: no errors, no warnings; one readiness call, one CRD list, one Gateway lookup", async () => {
    const runner = kubectl(FULL);
    const report = await checkCluster(runner, spec);
    assert.deepEqual([report.errors, report.warnings], [[], []]);
    assert.deepEqual(runner.lines, [
      "kubectl --context kind-maas-local --request-timeout=15s get --raw /readyz",
      `kubectl --context kind-maas-local --request-timeout=15s get customresourcedefinitions ${KSERVE_CRD} ${HTTPROUTE_CRD} ${GATEWAY_CRD} --ignore-not-found -o json`,
      `kubectl --context kind-maas-local --request-timeout=15s get ${GATEWAY_CRD} maas-gateway --namespace istio-system --ignore-not-found -o name`,
    ]);
  });

  it("every check with its state and detail, in order (what npm run doctor prints)", async () => {
    const ready = await checkCluster(kubectl(FULL), spec);
    assert.deepEqual(
      ready.checks.map((c) => [c.name, c.state, c.detail]),
      [
        ["API server of kind-maas-local answers", "ok", "/readyz answers"],
        ["KServe's LLMInferenceService CRD serves serving.kserve.io/v1alpha1", "ok", "served: v1alpha1"],
        ["Gateway API HTTPRoute CRD serves v1", "ok", "served: v1, v1beta1"],
        ["Gateway istio-system/maas-gateway exists", "ok", "gateway.gateway.networking.k8s.io/maas-gateway"],
      ],
    );
    const down = await checkCluster(kubectl({ unreachable: "connection refused" }), spec);
    assert.deepEqual(
      down.checks.map((c) => c.state),
      ["problem", "skipped", "skipped", "skipped"],
    );
    assert.equal(down.checks[1]!.detail, "the cluster does not answer");
    const bare = await checkCluster(kubectl({ crds: { [GATEWAY_CRD]: ["v1"] } }), spec);
    assert.deepEqual(
      bare.checks.map((c) => [c.state, c.detail]),
      [
        ["ok", "/readyz answers"],
        ["problem", msg.kserveMissing()],
        ["problem", msg.gatewayApiMissing("v1.2.1")],
        ["warning", msg.gatewayNotFound("istio-system", "maas-gateway", false)],
      ],
    );
    assert.deepEqual(bare.errors, [msg.kserveMissing(), msg.gatewayApiMissing("v1.2.1")]);
    assert.deepEqual(bare.warnings, [msg.gatewayNotFound("istio-system", "maas-gateway", false)]);
  });

  it("clusterCheckSpec: the resource's checks as plain values, for running them without Pulumi", () => {
    const dev = parseStackConfig(stackConfig("dev"));
    const { platform, ...checks } = clusterCheckSpec(
      dev,
      { name: "maas-local", context: "kind-maas-local", kubeconfig: "k" },
      "dev",
    );
    assert.deepEqual(checks, { ...spec, kubeconfig: "k" });
    // The platform survey the doctor runs is the one `up` runs for the same stack.
    assert.equal(platform?.stack, "dev");
    assert.equal(platform?.defaultContainer, "main");
    assert.deepEqual(platform?.tierNamespaces, {
      free: "maas-default-gateway-tier-free",
      premium: "maas-default-gateway-tier-premium",
      enterprise: "maas-default-gateway-tier-enterprise",
    });
    const bare = parseStackConfig(stackConfig("bare"));
    const plain = clusterCheckSpec(bare, { name: "maas-local", context: "kind-maas-local" }, "bare");
    assert.equal(plain.kserveApiVersion, undefined, "deployment mode needs no KServe");
    assert.equal(plain.requireGatewayApi, false, "the bare stack installs the Gateway API CRDs itself");
  });

  it("cluster unreachable: one message naming the context and the node container, and nothing else is asked", async () => {
    const runner = kubectl({
      unreachable:
        "The connection to the server 127.0.0.1:40000 was refused - did you specify the right host or port?",
    });
    const r = await checkCluster(runner, spec);
    assert.deepEqual(r.errors, [
      msg.clusterUnreachable(
        "kind-maas-local",
        "maas-local",
        "docker",
        "The connection to the server 127.0.0.1:40000 was refused - did you specify the right host or port?",
      ),
    ]);
    assert.match(
      r.errors[0] ?? "",
      /^Cluster unreachable: kubectl cannot reach context kind-maas-local .*docker start maas-local-control-plane.*npm run refresh/,
    );
    assert.equal(runner.calls.length, 1);
  });

  it("kserve mode without KServe: suggests KServe ≥ 0.16 or workload: deployment", async () => {
    const r = await checkCluster(
      kubectl({ ...FULL, crds: { [HTTPROUTE_CRD]: ["v1"], [GATEWAY_CRD]: ["v1"] } }),
      spec,
    );
    assert.deepEqual(r.errors, [msg.kserveMissing()]);
    assert.match(
      r.errors[0] ?? "",
      /^KServe not installed: .*llminferenceservices\.serving\.kserve\.io.*KServe ≥ 0\.16.*workload: deployment/,
    );
  });

  it("a KServe that does not serve the configured API version names the one it serves", async () => {
    const r = await checkCluster(kubectl(FULL), { ...spec, kserveApiVersion: "serving.kserve.io/v1alpha2" });
    assert.deepEqual(r.errors, [msg.kserveVersion("serving.kserve.io/v1alpha2", ["v1alpha1"])]);
    assert.match(r.errors[0] ?? "", /Set kserveApiVersion to serving\.kserve\.io\/v1alpha1/);
  });

  it("deployment mode does not look for KServe", async () => {
    const runner = kubectl({ ...FULL, crds: { [HTTPROUTE_CRD]: ["v1"], [GATEWAY_CRD]: ["v1"] } });
    const { kserveApiVersion: _, ...deployment } = spec;
    const report = await checkCluster(runner, deployment);
    assert.deepEqual([report.errors, report.warnings], [[], []]);
    assert.ok(!runner.lines[1]?.includes(KSERVE_CRD));
  });

  it("routes without the Gateway API CRDs: suggests gatewayApi.install or httpRoutes: false; the Gateway is a warning", async () => {
    const { kserveApiVersion: _, ...deployment } = spec;
    const r = await checkCluster(kubectl({ crds: {} }), deployment);
    assert.deepEqual(r.errors, [msg.gatewayApiMissing("v1.2.1")]);
    assert.match(
      r.errors[0] ?? "",
      /^Gateway API CRDs missing: .*gatewayApi: \{install: true\}.*\(v1\.2\.1\).*httpRoutes: false/,
    );
    assert.deepEqual(r.warnings, [msg.gatewayNotFound("istio-system", "maas-gateway", true)]);
  });

  it("a Gateway API before v1.0 (no HTTPRoute v1)", async () => {
    const { kserveApiVersion: _, ...deployment } = spec;
    const r = await checkCluster(
      kubectl({
        crds: { [HTTPROUTE_CRD]: ["v1beta1"], [GATEWAY_CRD]: ["v1beta1"] },
        gateways: ["istio-system/maas-gateway"],
      }),
      deployment,
    );
    assert.deepEqual(r.errors, [msg.gatewayApiTooOld(["v1beta1"])]);
  });

  it("the Gateway missing is only a warning: routes are not served, direct access still works", async () => {
    const r = await checkCluster(kubectl({ ...FULL, gateways: [] }), spec);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, [msg.gatewayNotFound("istio-system", "maas-gateway", false)]);
    assert.match(
      r.warnings[0] ?? "",
      /^Gateway not found: istio-system\/maas-gateway does not exist, so the HTTPRoutes are created but not served.*portForward commands still works/,
    );
  });

  it("CRDs the stack installs itself are not required; without routes, no Gateway API check at all", async () => {
    const installing = await checkCluster(kubectl({ ...FULL, crds: { [KSERVE_CRD]: ["v1alpha1"] } }), {
      ...spec,
      requireGatewayApi: false,
    });
    assert.deepEqual(installing.errors, []);
    const runner = kubectl({ crds: { [KSERVE_CRD]: ["v1alpha1"] } });
    const { gateway: _, ...noRoutes } = spec;
    const report = await checkCluster(runner, { ...noRoutes, requireGatewayApi: false });
    assert.deepEqual([report.errors, report.warnings], [[], []]);
    assert.equal(runner.calls.length, 2);
  });

  it("reports every error at once", async () => {
    const r = await checkCluster(kubectl({ crds: {} }), spec);
    assert.deepEqual(r.errors, [msg.kserveMissing(), msg.gatewayApiMissing("v1.2.1")]);
  });

  it("a forbidden CRD list skips those checks with a warning instead of guessing", async () => {
    const r = await checkCluster(kubectl({ crdListFails: true }), spec);
    assert.deepEqual(r.errors, []);
    assert.match(r.warnings[0] ?? "", /^Preflight could not list CRDs \(Error from server \(Forbidden\)/);
  });

  it("passes kubeconfig contents through a private temporary file, removed afterwards", async () => {
    const seen: { kubeconfigFile?: string; content?: string } = {};
    const kubeconfig = "apiVersion: v1\nclusters: []\n";
    await checkCluster(kubectl(FULL, seen), { ...spec, kubeconfig });
    assert.equal(seen.content, kubeconfig);
    assert.equal(existsSync(seen.kubeconfigFile!), false);
  });

  it("reads kubectl's CRD JSON: a List, a single object, or nothing", () => {
    const crd = (name: string, versions: [string, boolean][]) => ({
      metadata: { name },
      spec: { versions: versions.map(([n, served]) => ({ name: n, served })) },
    });
    assert.deepEqual(
      [
        ...servedVersions(
          JSON.stringify({
            items: [
              crd("a", [
                ["v1", true],
                ["v0", false],
              ]),
              crd("b", []),
            ],
          }),
        ),
      ],
      [
        ["a", ["v1"]],
        ["b", []],
      ],
    );
    assert.deepEqual([...servedVersions(JSON.stringify(crd("a", [["v2", true]])))], [["a", ["v2"]]]);
    assert.equal(servedVersions("").size, 0);
  });

  describe("the dynamic provider", () => {
    const inputs: ClusterPreflightInputs = { ...spec, kubeconfig: "apiVersion: v1\nclusters: []\n" };

    it("check: errors become the resource's problems, one per message", async () => {
      const provider = clusterPreflightProvider(() => kubectl({ crds: {} }));
      const r = await provider.check!({}, inputs);
      assert.deepEqual(r.failures, [
        { property: "", reason: msg.kserveMissing() },
        { property: "", reason: msg.gatewayApiMissing("v1.2.1") },
      ]);
    });

    it("check: warnings join the inputs, so they reach the output and the diff", async () => {
      const provider = clusterPreflightProvider(() => kubectl({ ...FULL, gateways: [] }));
      const r = await provider.check!({}, inputs);
      assert.equal(r.failures, undefined);
      assert.deepEqual(r.inputs, {
        ...inputs,
        warnings: [msg.gatewayNotFound("istio-system", "maas-gateway", false)],
      });
    });

    it("check: skipped while the cluster is unknown (a preview before the stack creates it)", async () => {
      const runner = kubectl(FULL);
      const provider = clusterPreflightProvider(() => runner);
      const news = { ...inputs, kubeconfig: pulumi.runtime.unknownValue };
      assert.deepEqual(await provider.check!({}, news), { inputs: news });
      assert.equal(runner.calls.length, 0);
      assert.equal(hasUnknowns({ a: [{ b: pulumi.runtime.unknownValue }] }), true);
      assert.equal(hasUnknowns(inputs), false);
    });

    it("diff: a change only when the spec or the warnings changed; create/update store the inputs", async () => {
      const provider = clusterPreflightProvider(() => kubectl(FULL));
      const stored = { ...inputs, warnings: [] };
      assert.deepEqual(await provider.diff!("p", stored, { ...inputs, warnings: [] }), {
        changes: false,
        replaces: [],
      });
      assert.equal((await provider.diff!("p", stored, { ...inputs, warnings: ["w"] })).changes, true);
      assert.equal((await provider.diff!("p", stored, { ...stored, context: "other" })).changes, true);
      assert.deepEqual(await provider.create(stored), { id: "kind-maas-local", outs: stored });
      assert.deepEqual(await provider.update!("p", stored, inputs), { outs: inputs });
    });
  });
});

/** The checks' spec for a KServe cluster that must have the Gateway API. */
const SPEC = {
  cluster: "maas-local",
  engine: "docker",
  context: "kind-maas-local",
  kserveApiVersion: "serving.kserve.io/v1alpha1",
  requireGatewayApi: true,
  gatewayApiVersion: "v1.2.1",
} as const;

describe("ClusterPreflight resource", () => {
  it("registers as ClusterPreflight, aliased to its former type token Preflight (no replacement)", async () => {
    const mocks = installMocks();
    const preflight = new ClusterPreflight("preflight", SPEC);
    const urns = await aliasUrns(preflight);
    await settle();
    assert.deepEqual(
      mocks.resources.map((r) => r.type),
      ["pulumi-nodejs:dynamic/maas-kind:ClusterPreflight"],
    );
    assert.deepEqual(urns, [
      "urn:pulumi:dev::maas-kind::pulumi-nodejs:dynamic/maas-kind:Preflight::preflight",
    ]);
  });

  it("registers the checks' spec with the kubeconfig as a secret, and exposes the warnings", async () => {
    const mocks = installMocks();
    const preflight = new ClusterPreflight("preflight", {
      ...SPEC,
      kubeconfig: "apiVersion: v1\nclusters: []\n",
      gateway: { namespace: "istio-system", name: "maas-gateway" },
    });
    assert.deepEqual(await resolve(preflight.warnings), []);
    const kubeconfig = (preflight as unknown as { kubeconfig: pulumi.Output<string> }).kubeconfig;
    assert.equal(await pulumi.isSecret(kubeconfig), true, "the kubeconfig is a secret");
    await settle();
    const [r] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:ClusterPreflight");
    assert.equal(r?.inputs.context, "kind-maas-local");
    assert.equal(r?.inputs.requireGatewayApi, true);
    assert.deepEqual(r?.inputs.gateway, { namespace: "istio-system", name: "maas-gateway" });
  });

  it("serializes a self-contained provider whose check runs kubectl against the cluster", async () => {
    const mocks = installMocks();
    new ClusterPreflight("preflight", SPEC);
    await settle();
    const [r] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:ClusterPreflight");
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(r!.inputs.__provider as string);
    // A cluster with the Gateway API's HTTPRoute v1 but no KServe.
    const crd = JSON.stringify({
      metadata: { name: HTTPROUTE_CRD },
      spec: { versions: [{ name: "v1", served: true }] },
    });
    const bin = fakeBin({
      kubectl: `case "$*" in *readyz*) echo ok ;; *customresourcedefinitions*) echo '${crd}' ;; esac`,
    });
    try {
      const checked = await bin.withPath(() => provider.check!({}, { ...SPEC }));
      assert.deepEqual(checked.failures, [{ property: "", reason: msg.kserveMissing() }]);
      assert.deepEqual(bin.calls(), [
        "kubectl --context kind-maas-local --request-timeout=15s get --raw /readyz",
        `kubectl --context kind-maas-local --request-timeout=15s get customresourcedefinitions ${KSERVE_CRD} ${HTTPROUTE_CRD} --ignore-not-found -o json`,
      ]);
    } finally {
      bin.remove();
    }
  });
});
