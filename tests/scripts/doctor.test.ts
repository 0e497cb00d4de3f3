import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { processRunner } from "../../components/exec/runner";
import { GATEWAY_CRD, HTTPROUTE_CRD, KSERVE_CRD } from "../../components/preflight/cluster-preflight";
import * as msg from "../../components/preflight/preflight-messages";
import { doctor, renderChecks, wrap } from "../../scripts/doctor";
import { fakeBin } from "../helpers/fake-bin";
import type { FakeBin } from "../helpers/fake-bin";
import { fakeKubeconfig } from "../helpers/fake-kind";
import { REPO_ROOT } from "../helpers/stack-config";

/** What the fake machine has. */
interface Machine {
  /** `kind version` output; no kind at all when null. */
  kind?: string | null;
  clusters?: string[];
  /** CRDs the cluster serves (name → versions). */
  crds?: Record<string, string[]>;
  gateway?: boolean;
  unreachable?: boolean;
}

/** The CRD list `kubectl get customresourcedefinitions … -o json` prints. */
function crdList(crds: Record<string, string[]>): string {
  const items = Object.entries(crds).map(([name, versions]) => ({
    metadata: { name },
    spec: { versions: versions.map((v) => ({ name: v, served: true })) },
  }));
  return JSON.stringify({ kind: "List", items });
}

/** KServe's stock LLM template (one container, `main`) as `kubectl get … -o json` prints it. */
const LLM_TEMPLATE = JSON.stringify({
  apiVersion: "serving.kserve.io/v1alpha1",
  kind: "LLMInferenceServiceConfig",
  metadata: { name: "kserve-config-llm-template", namespace: "kserve" },
  spec: { template: { containers: [{ name: "main", image: "vllm" }] } },
});

/** The MaaS Kind Gateway: both listeners serve `localhost` (overlays/kind/gateway.yaml at 30050fd3). */
const GATEWAY = JSON.stringify({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "maas-gateway", namespace: "istio-system" },
  spec: {
    listeners: [
      { name: "http", hostname: "localhost", port: 80, protocol: "HTTP" },
      { name: "https", hostname: "localhost", port: 443, protocol: "HTTPS" },
    ],
  },
});

/** Fake docker, kind, kubectl and pulumi as shell scripts (the real process runner runs them). */
function fakeMachine(m: Machine = {}): FakeBin {
  const scripts: Record<string, string> = {
    docker: `case "$1" in --version) echo "Docker version 27.5.1, build 9f9e405" ;; info) echo '["name=seccomp"]' ;; esac`,
    pulumi: `[ "$1" = version ] && echo v3.999.0`,
    kubectl: [
      `case "$*" in`,
      `  *"version --client"*) echo "Client Version: v1.33.1" ;;`,
      m.unreachable
        ? `  *"get --raw /readyz"*) echo "The connection to the server 127.0.0.1:40000 was refused" >&2; exit 1 ;;`
        : `  *"get --raw /readyz"*) echo ok ;;`,
      `  *"get customresourcedefinitions"*) cat <<'JSON'\n${crdList(m.crds ?? {})}\nJSON\n  ;;`,
      // The platform survey (cluster-preflight.ts surveyPlatform) reads KServe's LLM template and the Gateway as
      // JSON; anything else it reads (namespaces, the tier mapping, objects in the way) is absent on this cluster.
      `  *"get llminferenceserviceconfigs.serving.kserve.io kserve-config-llm-template --ignore-not-found"*` +
        `"--namespace kserve"*|*"kserve-config-llm-template --namespace kserve"*) cat <<'JSON'\n${LLM_TEMPLATE}\nJSON\n  ;;`,
      `  *"get ${GATEWAY_CRD} maas-gateway"*"-o json"*) ${m.gateway ? `cat <<'JSON'\n${GATEWAY}\nJSON\n` : "true"} ;;`,
      `  *"get ${GATEWAY_CRD} maas-gateway"*) ${m.gateway ? `echo "${GATEWAY_CRD}/maas-gateway"` : "true"} ;;`,
      `  *"-o json"*) true ;;`,
      `  *) echo "unexpected: $*" >&2; exit 1 ;;`,
      `esac`,
    ].join("\n"),
  };
  if (m.kind !== null) {
    scripts.kind = [
      `case "$*" in`,
      `  version) echo "${m.kind ?? "kind v0.29.0 go1.24.2 linux/amd64"}" ;;`,
      `  "get clusters") printf '%s\\n' ${(m.clusters ?? []).join(" ")} ;;`,
      `  "get kubeconfig --name maas-local") cat <<'YAML'\n${fakeKubeconfig("maas-local", "CA-1")}YAML\n  ;;`,
      `  *) echo "unexpected: $*" >&2; exit 1 ;;`,
      `esac`,
    ].join("\n");
  }
  return fakeBin(scripts);
}

describe("npm run doctor (scripts/doctor.ts)", () => {
  let home = "";
  let saved: string | undefined;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), "maas-kind-doctor-"));
    saved = process.env.PULUMI_HOME;
    process.env.PULUMI_HOME = home;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PULUMI_HOME;
    else process.env.PULUMI_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the doctor on the fake machine (only its tools on PATH); returns the exit code and the output. */
  async function run(m: Machine, argv: string[] = [], env: NodeJS.ProcessEnv = {}) {
    const bin = fakeMachine(m);
    const lines: string[] = [];
    try {
      const code = await bin.withPath(() =>
        doctor(
          argv,
          { PATH: bin.dir, ...env },
          REPO_ROOT,
          { runner: processRunner(), probePort: async () => "free", probeRegistry: async () => undefined },
          (l) => lines.push(l),
        ),
      );
      return { code, text: lines.join("\n"), calls: bin.calls() };
    } finally {
      bin.remove();
    }
  }

  const MAAS = { [KSERVE_CRD]: ["v1alpha1"], [HTTPROUTE_CRD]: ["v1"], [GATEWAY_CRD]: ["v1"] };

  it("a MaaS-ready machine and cluster (dev stack): every check ok, exit 0", async () => {
    const r = await run({ clusters: ["maas-local"], crds: MAAS, gateway: true });
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /^maas-kind doctor: stack dev: Kind cluster "maas-local" \(kind.create: true\)/);
    for (const line of [
      "  ok       Pulumi CLI",
      "  ok       docker installed",
      "  ok       kind installed (≥ v0.20.0)",
      "           v0.29.0",
      "  ok       kubectl installed",
      "  ok       docker running",
      "cluster (kind-maas-local)",
      "  ok       API server of kind-maas-local answers",
      "  ok       KServe's LLMInferenceService CRD serves serving.kserve.io/v1alpha1",
      "  ok       Gateway API HTTPRoute CRD serves v1",
      "  ok       Gateway istio-system/maas-gateway exists",
    ]) {
      assert.ok(r.text.split("\n").includes(line), `${line}\n---\n${r.text}`);
    }
    assert.match(r.text, /\nnothing stops `npm run up`\.$/);
    assert.ok(!r.text.includes("PROBLEM"));
    // The cluster checks ran against kind's own kubeconfig, never `kubectl`'s current context alone.
    assert.ok(r.calls.includes("kind get kubeconfig --name maas-local"));
    assert.ok(
      r.calls.some((c) => /^kubectl --kubeconfig \S+ --context kind-maas-local .*get --raw \/readyz/.test(c)),
    );
  });

  it("a stack without Kind (remote: kind.create false, registry delivery): no kind at all, the context is checked", async () => {
    const r = await run({ kind: null, crds: MAAS }, ["--stack=remote"]);
    assert.ok(!r.calls.some((c) => c.startsWith("kind ")), r.calls.join("\n"));
    const lines = r.text.split("\n");
    for (const line of [
      "  skipped  kind installed (≥ v0.20.0)",
      "  ok       registry quay.io answers",
      "cluster (maas-remote)",
      "  ok       API server of maas-remote answers",
    ]) {
      assert.ok(lines.includes(line), `${line}\n---\n${r.text}`);
    }
    assert.ok(
      r.calls.some((c) => /^kubectl .*--context maas-remote .*get --raw \/readyz/.test(c)),
      r.calls.join("\n"),
    );
  });

  it("problems carry the preflight's message and fix; exit 1", async () => {
    const r = await run({ kind: "kind v0.19.0 go1.20.4 linux/amd64", clusters: ["maas-local"], crds: {} });
    assert.equal(r.code, 1);
    const lines = r.text.split("\n");
    const at = lines.indexOf("  PROBLEM  kind installed (≥ v0.20.0)");
    assert.ok(at > 0, r.text);
    const joined = (from: number) =>
      lines
        .slice(from + 1)
        .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("           ")))
        .map((l) => l.trim())
        .join(" ");
    assert.equal(joined(at), msg.kindTooOld("0.19.0", "0.20.0"));
    const kserve = lines.indexOf(
      "  PROBLEM  KServe's LLMInferenceService CRD serves serving.kserve.io/v1alpha1",
    );
    assert.equal(joined(kserve), msg.kserveMissing());
    const gateway = lines.indexOf("  warning  Gateway istio-system/maas-gateway exists");
    assert.equal(joined(gateway), msg.gatewayNotFound("istio-system", "maas-gateway", true));
    assert.match(r.text, /\n3 problems stop `npm run up` \(and 1 warning\): fix each as its message says/);
  });

  it("without the cluster: the host checks and the ports; the cluster checks are skipped with the reason", async () => {
    const r = await run({ clusters: [] }, ["--stack", "bare"]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /^maas-kind doctor: stack bare: .*workload deployment/);
    assert.ok(r.text.includes("  ok       host port 80 (kind.httpPort) free"));
    assert.ok(
      r.text.includes(
        '  skipped  cluster checks\n           the Kind cluster "maas-local" does not exist yet',
      ),
    );
    assert.ok(!r.calls.some((c) => c.startsWith("kubectl --")), "no cluster call");
  });

  it("an unreachable cluster and a missing kind: each says so, and what could not run is skipped", async () => {
    const down = await run({ clusters: ["maas-local"], crds: MAAS, unreachable: true });
    assert.equal(down.code, 1);
    assert.ok(down.text.includes("  PROBLEM  API server of kind-maas-local answers"));
    assert.ok(
      down.text.includes(
        "  skipped  Gateway istio-system/maas-gateway exists\n           the cluster does not answer",
      ),
    );
    const noKind = await run({ kind: null });
    assert.equal(noKind.code, 1);
    assert.ok(
      noKind.text.includes(
        `  PROBLEM  kind installed (≥ v0.20.0)\n           ${msg.kindMissing().slice(0, 40)}`,
      ),
    );
    assert.ok(noKind.text.includes("whether the Kind cluster exists could not be checked"));
  });

  it("says which Pulumi CLI `up` would run, and when none is there yet, that `up` downloads it", async () => {
    const r = await run({ clusters: [] }, ["--stack", "bare"]);
    assert.match(r.text, / {2}ok {7}Pulumi CLI\n {11}\S+\/pulumi \(v3\.999\.0, on PATH\)/);
    const bin = fakeBin({});
    try {
      const lines: string[] = [];
      await doctor(
        ["--stack=bare"],
        { PATH: bin.dir },
        REPO_ROOT,
        {
          runner: { run: async () => ({ code: 127, stdout: "", stderr: "", notFound: true }) },
          probePort: async () => "free",
          probeRegistry: async () => undefined,
        },
        (l) => lines.push(l),
      );
      const text = lines.join("\n");
      assert.match(
        text,
        / {2}warning {2}Pulumi CLI\n {11}not installed yet: `npm run up` downloads v[\d.]+ from https:\/\/get\.pulumi\.com/,
      );
      assert.ok(text.includes(home), "names the cache directory under PULUMI_HOME");
    } finally {
      bin.remove();
    }
  });

  it("a bad argument exits 2; an invalid stack configuration exits 1 naming it", async () => {
    const lines: string[] = [];
    const tools = {
      runner: processRunner(),
      probePort: async () => "free" as const,
      probeRegistry: async () => undefined,
    };
    assert.equal(await doctor(["--stack"], {}, REPO_ROOT, tools, (l) => lines.push(l)), 2);
    assert.equal(await doctor(["--verbose"], {}, REPO_ROOT, tools, (l) => lines.push(l)), 2);
    assert.equal(await doctor(["--stack", "no-such-stack"], {}, REPO_ROOT, tools, (l) => lines.push(l)), 1);
    assert.match(
      lines.join("\n"),
      /stack no-such-stack: the configuration cannot be used, so nothing else was checked/,
    );
  });

  it("wraps long messages and counts problems and warnings", () => {
    assert.deepEqual(wrap("aaa bbb ccc ddd", 7), ["aaa bbb", "ccc ddd"]);
    assert.deepEqual(wrap("a-very-long-word x", 5), ["a-very-long-word", "x"]);
    assert.deepEqual(
      renderChecks([{ title: "t", checks: [{ name: "n", state: "warning", detail: "w" }] }]).slice(-1),
      ["nothing stops `npm run up` (1 warning above)."],
    );
  });
});
