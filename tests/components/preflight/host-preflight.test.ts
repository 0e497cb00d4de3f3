import { strict as assert } from "node:assert";
import * as net from "node:net";
import type { StackConfig } from "../../../components/config/stack-config";
import { parseStackConfig } from "../../../components/config/stack-config";
import type { HostSpec, PortState } from "../../../components/preflight/host-preflight";
import {
  PreflightError,
  checkHost,
  connectProbe,
  hostPreflight,
  isRootless,
  probePort,
} from "../../../components/preflight/host-preflight";
import * as msg from "../../../components/preflight/preflight-messages";
import { processRunner } from "../../../components/exec/runner";
import { fakeBin } from "../../helpers/fake-bin";
import { FakeRunner } from "../../helpers/fake-runner";
import { stackConfig } from "../../helpers/stack-config";

/** A machine: which tools exist, whether the engine runs (and rootless), the Kind clusters, busy ports. */
interface Machine {
  tools?: string[];
  engineDown?: string;
  rootless?: boolean;
  clusters?: string[];
  kindFails?: string;
  busy?: number[];
  /** What `kind version` prints (default: kind v0.29.0). */
  kindVersion?: string;
}

function machine(m: Machine = {}) {
  const tools = new Set(m.tools ?? ["docker", "kind", "kubectl"]);
  const probed: number[] = [];
  const notes: string[] = [];
  const runner = new FakeRunner((c) => {
    if (!tools.has(c.command)) return { code: 127, notFound: true, stderr: `spawn ${c.command} ENOENT` };
    if (c.args[0] === "info") {
      if (m.engineDown) return { code: 1, stderr: m.engineDown };
      if (c.command === "podman") return { stdout: m.rootless ? "true\n" : "false\n" };
      return { stdout: JSON.stringify(m.rootless ? ["name=seccomp", "name=rootless"] : ["name=seccomp"]) };
    }
    if (c.command === "kind" && c.args.join(" ") === "version") {
      return { stdout: m.kindVersion ?? "kind v0.29.0 go1.24.2 linux/amd64\n" };
    }
    if (c.command === "docker" && c.args[0] === "--version")
      return { stdout: "Docker version 27.5.1, build 9f9e405\n" };
    if (c.command === "kind" && c.args.join(" ") === "get clusters") {
      if (m.kindFails) return { code: 1, stderr: m.kindFails };
      return { stdout: (m.clusters ?? []).join("\n") };
    }
    return undefined;
  });
  const probePort = async (port: number): Promise<PortState> => {
    probed.push(port);
    return (m.busy ?? []).includes(port) ? "in-use" : "free";
  };
  const probeRegistry = async (): Promise<string | undefined> => undefined;
  return {
    runner,
    probed,
    notes,
    tools: { runner, probePort, probeRegistry, info: (n: string) => notes.push(n) },
  };
}

const spec = (over: Partial<HostSpec> = {}, kind: Partial<StackConfig["kind"]> = {}): HostSpec => ({
  engine: "docker",
  cluster: "maas-local",
  delivery: "kind",
  kind: {
    create: true,
    nodeImage: undefined,
    httpPort: 80,
    httpsPort: 443,
    listenAddress: undefined,
    ...kind,
  },
  ...over,
});

describe("host preflight (components/preflight/host-preflight.ts)", () => {
  it("a ready machine without the cluster: no errors, checks the ports, says it will create the cluster", async () => {
    const { runner, probed, tools } = machine();
    const report = await checkHost(tools, spec());
    assert.deepEqual(report.errors, []);
    assert.deepEqual(runner.lines, [
      "docker --version",
      "kind version",
      "kubectl version --client",
      "docker info --format {{json .SecurityOptions}}",
      "kind get clusters",
    ]);
    assert.deepEqual(probed, [80, 443]);
    assert.match(
      report.notes[0] ?? "",
      /"maas-local" does not exist: the stack creates it .*80\/443.*deletes it on destroy/,
    );
  });

  it("an existing cluster is adopted: no port check (its ports are its own), a note that it is never deleted", async () => {
    const { probed, tools } = machine({ clusters: ["maas-local"], busy: [80] });
    const report = await checkHost(tools, spec());
    assert.deepEqual(report.errors, []);
    assert.deepEqual(probed, []);
    assert.match(
      report.notes[0] ?? "",
      /exists: the stack uses it as it is; destroy deletes it only if this stack created it \(a cluster it adopted is never deleted\)\./,
    );
  });

  it("no docker: says so; and suggests Podman when that one is installed", async () => {
    const none = await checkHost(machine({ tools: ["kind", "kubectl"] }).tools, spec());
    assert.deepEqual(none.errors, [msg.engineMissing("docker")]);
    assert.match(
      none.errors[0] ?? "",
      /^Container engine not found: `docker` is not on PATH.*Install Docker/,
    );
    const withPodman = await checkHost(machine({ tools: ["podman", "kind", "kubectl"] }).tools, spec());
    assert.deepEqual(withPodman.errors, [msg.engineMissing("docker", "podman")]);
    assert.match(
      withPodman.errors[0] ?? "",
      /set maas-kind:containerEngine: podman \(or export KIND_EXPERIMENTAL_PROVIDER=podman\)/,
    );
  });

  it("no podman (containerEngine: podman): says so, and suggests Docker when installed", async () => {
    const r = await checkHost(machine().tools, spec({ engine: "podman" }));
    assert.deepEqual(r.errors, [msg.engineMissing("podman", "docker")]);
  });

  it("no kind, no kubectl: one message each, and nothing that needs them runs", async () => {
    const { runner, tools } = machine({ tools: ["docker"] });
    const r = await checkHost(tools, spec());
    assert.deepEqual(r.errors, [msg.kindMissing(), msg.kubectlMissing()]);
    assert.ok(!runner.lines.includes("kind get clusters"));
  });

  it("the engine is installed but not running", async () => {
    const detail =
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";
    const { runner, tools } = machine({ engineDown: `Client: ...\n${detail}` });
    const r = await checkHost(tools, spec());
    assert.equal(r.errors.length, 1);
    assert.match(
      r.errors[0] ?? "",
      /^Container engine not running: `docker info` failed \(Client: \.\.\. Cannot connect/,
    );
    assert.match(r.errors[0] ?? "", /Start Docker/);
    assert.ok(!runner.lines.includes("kind get clusters"), "kind is not asked while the engine is down");
    const podman = await checkHost(
      machine({ tools: ["podman", "kind", "kubectl"], engineDown: "x" }).tools,
      spec({ engine: "podman" }),
    );
    assert.match(podman.errors[0] ?? "", /podman machine start/);
  });

  it("kind cannot list clusters (e.g. a broken Podman provider)", async () => {
    const r = await checkHost(
      machine({ tools: ["podman", "kind", "kubectl"], kindFails: "ERROR: failed to list clusters" }).tools,
      spec({ engine: "podman" }),
    );
    assert.deepEqual(r.errors, [msg.kindFailed("podman", "ERROR: failed to list clusters")]);
  });

  it("Podman: kind runs with KIND_EXPERIMENTAL_PROVIDER=podman, and the engine is asked with podman info", async () => {
    const { runner, tools } = machine({ tools: ["podman", "kind", "kubectl"] });
    await checkHost(tools, spec({ engine: "podman" }));
    const list = runner.calls.find((c) => c.command === "kind" && c.args[0] === "get");
    assert.deepEqual(list?.env, { KIND_EXPERIMENTAL_PROVIDER: "podman" });
    assert.ok(runner.lines.includes("podman info --format {{.Host.Security.Rootless}}"));
  });

  it("kind.create false and no cluster: says which clusters exist and how to get one", async () => {
    const r = await checkHost(machine({ clusters: ["kind"] }).tools, spec({}, { create: false }));
    assert.deepEqual(r.errors, [msg.clusterMissing("maas-local", ["kind"], "docker")]);
    assert.match(
      r.errors[0] ?? "",
      /^Kind cluster not found: "maas-local" does not exist \(existing: kind\).*kind\.create: true/,
    );
    const ok = await checkHost(machine({ clusters: ["maas-local"] }).tools, spec({}, { create: false }));
    assert.deepEqual(ok.errors, []);
    assert.match(ok.notes[0] ?? "", /kind\.create: false/);
  });

  it("a taken host port names the key to change", async () => {
    const r = await checkHost(machine({ busy: [80] }).tools, spec());
    assert.deepEqual(r.errors, [msg.portInUse(80, "kind.httpPort")]);
    assert.match(
      r.errors[0] ?? "",
      /^Host port in use: port 80 \(maas-kind:kind\.httpPort\).*e\.g\. 8080 and 8443/,
    );
    const moved = await checkHost(
      machine({ busy: [80] }).tools,
      spec({}, { httpPort: 8080, httpsPort: 8443 }),
    );
    assert.deepEqual(moved.errors, []);
  });

  it("rootless engines cannot publish ports below 1024", async () => {
    const podman = await checkHost(
      machine({ tools: ["podman", "kind", "kubectl"], rootless: true }).tools,
      spec({ engine: "podman" }),
    );
    assert.deepEqual(podman.errors, [
      msg.privilegedPort("podman", 80, "kind.httpPort"),
      msg.privilegedPort("podman", 443, "kind.httpsPort"),
    ]);
    const docker = await checkHost(
      machine({ rootless: true }).tools,
      spec({}, { httpPort: 8080, httpsPort: 443 }),
    );
    assert.deepEqual(docker.errors, [msg.privilegedPort("docker", 443, "kind.httpsPort")]);
    assert.equal(isRootless("docker", '["name=seccomp,profile=builtin","name=rootless"]'), true);
    assert.equal(isRootless("podman", "false\n"), false);
  });

  describe("in the program (hostPreflight)", () => {
    it("throws one PreflightError listing every problem, one per line, with a pointer to the README", async () => {
      const config = parseStackConfig(stackConfig("dev"));
      const error = await hostPreflight(config, machine({ tools: ["docker"] }).tools).catch(
        (e: unknown) => e,
      );
      assert.ok(error instanceof PreflightError);
      assert.deepEqual(error.problems, [msg.kindMissing(), msg.kubectlMissing()]);
      assert.equal(
        error.message,
        `preflight: 2 problems stop the deployment (nothing was created):\n  - ${msg.kindMissing()}\n  - ${msg.kubectlMissing()}\n` +
          "`npm run doctor` shows every check; see docs/operations.md, Troubleshooting. " +
          "maas-kind:preflight: false skips these checks.",
      );
    });

    it("preflight: false skips every check", async () => {
      const config = parseStackConfig(stackConfig("dev", { preflight: false }));
      const { runner, tools } = machine({ tools: [] });
      assert.deepEqual(await hostPreflight(config, tools), {
        errors: [],
        notes: [],
        checks: [],
        clusterExists: false,
      });
      assert.equal(runner.calls.length, 0);
    });

    it("takes the engine, cluster and ports from the config", async () => {
      const config = parseStackConfig(
        stackConfig("dev", {
          containerEngine: "podman",
          clusterName: "c2",
          kind: { httpPort: 8080, httpsPort: 8443 },
        }),
      );
      const { probed, notes, tools } = machine({ tools: ["podman", "kind", "kubectl"] });
      const report = await hostPreflight(config, tools);
      assert.deepEqual(probed, [8080, 8443]);
      assert.match(report.notes[0] ?? "", /"c2" does not exist/);
      assert.deepEqual(notes, report.notes, "the notes are logged");
    });
  });

  describe("the kind version", () => {
    it(`refuses kind below v0.20 with the message and its fix`, async () => {
      const r = await checkHost(
        machine({ kindVersion: "kind v0.19.0 go1.20.4 linux/amd64\n" }).tools,
        spec(),
      );
      assert.deepEqual(r.errors, [msg.kindTooOld("0.19.0", "0.20.0")]);
      assert.match(r.errors[0]!, /^kind too old: `kind version` says v0\.19\.0, .*kind ≥ v0\.20\.0/);
    });

    it("accepts v0.20.0 and later; an output without a version is skipped, not a problem", async () => {
      const ok = await checkHost(machine({ kindVersion: "kind v0.20.0 go1.20.4 linux/amd64" }).tools, spec());
      assert.deepEqual(ok.errors, []);
      const odd = await checkHost(machine({ kindVersion: "development build" }).tools, spec());
      assert.deepEqual(odd.errors, []);
      const check = odd.checks.find((c) => c.name.startsWith("kind installed"));
      assert.equal(check?.state, "skipped");
      assert.match(check?.detail ?? "", /named no version \(development build\)/);
    });
  });

  describe("every check with its state (what npm run doctor prints)", () => {
    it("a ready machine: every check ok, in order, with what was found", async () => {
      const r = await checkHost(machine({ clusters: ["maas-local"] }).tools, spec());
      assert.deepEqual(
        r.checks.map((c) => [c.name, c.state, c.detail]),
        [
          ["docker installed", "ok", "Docker version 27.5.1, build 9f9e405"],
          ["kind installed (≥ v0.20.0)", "ok", "v0.29.0"],
          ["kubectl installed", "ok", "found on PATH"],
          ["docker running", "ok", "running"],
          [
            'Kind cluster "maas-local"',
            "ok",
            'Kind cluster "maas-local" exists: the stack uses it as it is; destroy deletes it only if this stack created it (a cluster it adopted is never deleted).',
          ],
        ],
      );
      assert.equal(r.clusterExists, true);
    });

    it("problems carry the preflight's messages; what could not run is skipped with the reason", async () => {
      const r = await checkHost(machine({ tools: ["kind", "kubectl"] }).tools, spec());
      assert.deepEqual(
        r.checks.map((c) => [c.name, c.state]),
        [
          ["docker installed", "problem"],
          ["kind installed (≥ v0.20.0)", "ok"],
          ["kubectl installed", "ok"],
          ["docker running", "skipped"],
          ['Kind cluster "maas-local"', "skipped"],
        ],
      );
      assert.equal(r.checks[0]!.detail, msg.engineMissing("docker"));
      assert.equal(r.checks[3]!.detail, "docker is not installed");
      assert.deepEqual(r.errors, [msg.engineMissing("docker")]);
      assert.equal(r.clusterExists, false);
    });

    it("the ports of a cluster to create: each a check of its own", async () => {
      const r = await checkHost(machine({ busy: [443] }).tools, spec());
      assert.deepEqual(
        r.checks.slice(-2).map((c) => [c.name, c.state, c.detail]),
        [
          ["host port 80 (kind.httpPort) free", "ok", "free"],
          ["host port 443 (kind.httpsPort) free", "problem", msg.portInUse(443, "kind.httpsPort")],
        ],
      );
    });
  });

  it("with the real process runner: a missing executable is `not found`, a failing daemon `not running`", async () => {
    const bin = fakeBin({
      docker: `[ "$1" = "info" ] && { echo "Cannot connect to the Docker daemon" >&2; exit 1; }; exit 0`,
      kubectl: "exit 0",
    });
    const saved = process.env.PATH;
    process.env.PATH = bin.dir; // nothing else: no kind, whatever this machine has
    try {
      const report = await checkHost(
        {
          runner: processRunner(),
          probePort: async () => "free",
          probeRegistry: async () => undefined,
          info: () => undefined,
        },
        spec(),
      );
      assert.deepEqual(report.errors, [
        msg.kindMissing(),
        msg.engineNotRunning("docker", "Cannot connect to the Docker daemon"),
      ]);
    } finally {
      process.env.PATH = saved;
      bin.remove();
    }
  });

  describe("the port probe", () => {
    it("tells a listening port from a free one, by binding and by connecting", async () => {
      const server = net.createServer();
      await new Promise<void>((r) => server.listen({ port: 0, host: "127.0.0.1" }, r));
      const port = (server.address() as net.AddressInfo).port;
      try {
        assert.equal(await probePort(port, "127.0.0.1"), "in-use");
        assert.equal(await connectProbe(port, "127.0.0.1"), "in-use");
      } finally {
        await new Promise((r) => server.close(r));
      }
      assert.equal(await probePort(port, "127.0.0.1"), "free");
      assert.equal(await connectProbe(port), "free");
    });
  });
});
