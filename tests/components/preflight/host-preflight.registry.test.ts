/** The host preflight without Kind (kind.create false + registry delivery), the registry probe and the platform check. */
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { HostSpec } from "../../../components/preflight/host-preflight";
import {
  buildxPlatforms,
  checkHost,
  platformProblem,
  probeRegistry,
  qemuBinfmtEntry,
} from "../../../components/preflight/host-preflight";
import type { FakeHandler } from "../../helpers/fake-runner";
import { FakeRunner } from "../../helpers/fake-runner";

const KIND = { create: false, nodeImage: undefined, httpPort: 80, httpsPort: 443, listenAddress: undefined };
const REMOTE: HostSpec = {
  engine: "docker",
  cluster: "maas-local",
  kind: KIND,
  delivery: "registry",
  registry: "quay.io",
};

/** Docker on linux/amd64 with kubectl and no kind; `handler` answers first. */
function host(handler?: FakeHandler, registry?: string) {
  const probed: string[] = [];
  const runner = new FakeRunner(async (c) => {
    const answer = handler ? await handler(c) : undefined;
    if (answer) return answer;
    if (c.command === "kind") return { code: 127, notFound: true };
    if (c.command === "docker" && c.args[0] === "version") return { stdout: "linux/amd64\n" };
    return undefined;
  });
  const notes: string[] = [];
  return {
    runner,
    probed,
    notes,
    tools: {
      runner,
      probePort: async () => "free" as const,
      probeRegistry: async (server: string) => {
        probed.push(server);
        return registry;
      },
      info: (n: string) => notes.push(n),
    },
  };
}

const BUILDX = `NAME/NODE     DRIVER/ENDPOINT   STATUS    BUILDKIT   PLATFORMS
default*      docker
 \\_ default    \\_ default       running   v0.13.2    linux/amd64, linux/amd64/v2, linux/386, linux/arm64*
`;

describe("host preflight without Kind, with a registry (components/preflight/host-preflight.ts)", () => {
  it("kind.create false + registry: no kind command at all (kind may be missing), the registry is probed", async () => {
    const h = host();
    const report = await checkHost(h.tools, REMOTE);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      h.runner.calls.filter((c) => c.command === "kind"),
      [],
    );
    assert.deepEqual(h.probed, ["quay.io"]);
    assert.match(report.notes[0] ?? "", /runs no kind command, pushes the image to quay\.io/);
    // What `npm run doctor` prints: kind skipped as not needed, the registry answering, no Kind cluster looked up.
    const state = Object.fromEntries(report.checks.map((c) => [c.name, c.state]));
    assert.equal(state["kind installed (≥ v0.20.0)"], "skipped");
    assert.equal(state["registry quay.io answers"], "ok");
    assert.equal(state['Kind cluster "maas-local"'], "skipped");
    assert.equal(report.clusterExists, false);
  });

  it("an unreachable registry stops the deployment, naming it", async () => {
    const report = await checkHost(host(undefined, "https: ECONNREFUSED").tools, REMOTE);
    assert.equal(report.errors.length, 1);
    assert.match(
      report.errors[0] ?? "",
      /^Registry unreachable: quay\.io .*https:\/\/quay\.io\/v2\/ \(https: ECONNREFUSED\)/,
    );
    const check = report.checks.find((c) => c.name === "registry quay.io answers");
    assert.equal(check?.state, "problem");
    assert.equal(check?.detail, report.errors[0]);
  });

  it("registry delivery onto a Kind cluster the stack creates still checks kind", async () => {
    const h = host((c) => (c.command === "kind" ? { stdout: "" } : undefined));
    await checkHost(h.tools, { ...REMOTE, kind: { ...KIND, create: true } });
    assert.ok(h.runner.lines.includes("kind version"));
    assert.ok(h.runner.lines.includes("kind get clusters"));
  });

  it("the engine's own platform needs nothing more", async () => {
    const runner = new FakeRunner((c) => (c.args[0] === "version" ? { stdout: "linux/amd64\n" } : undefined));
    assert.equal(await platformProblem(runner, "docker", "linux/amd64"), undefined);
    assert.deepEqual(runner.lines, ["docker version --format {{.Server.Os}}/{{.Server.Arch}}"]);
  });

  it("a foreign platform: fine when docker buildx ls lists it, an error naming the fix when not", async () => {
    const runner = new FakeRunner((c) =>
      c.args[0] === "version"
        ? { stdout: "linux/amd64\n" }
        : c.args[0] === "buildx"
          ? { stdout: BUILDX }
          : undefined,
    );
    assert.equal(await platformProblem(runner, "docker", "linux/arm64"), undefined);
    const problem = await platformProblem(runner, "docker", "linux/s390x");
    assert.match(
      problem ?? "",
      /^Image platform not buildable: maas-kind:imagePlatform is linux\/s390x but the Docker engine runs linux\/amd64/,
    );
    assert.match(
      problem ?? "",
      /lists linux\/amd64, linux\/386, linux\/arm64\).*tonistiigi\/binfmt --install s390x/,
    );
    assert.deepEqual(buildxPlatforms(BUILDX), ["linux/amd64", "linux/386", "linux/arm64"]);
  });

  it("without buildx (and with Podman), QEMU's binfmt_misc entry decides", async () => {
    const machine = (binfmt: string | undefined) =>
      new FakeRunner((c) => {
        if (c.args[0] === "version") return { stdout: "linux/amd64\n" };
        if (c.args[0] === "info") return { stdout: "linux/amd64\n" };
        if (c.args[0] === "buildx") return { code: 1, stderr: "docker: 'buildx' is not a docker command." };
        if (c.command === "cat")
          return binfmt === undefined ? { code: 1, stderr: "No such file" } : { stdout: binfmt };
        return undefined;
      });
    assert.equal(
      await platformProblem(machine("enabled\ninterpreter /usr/bin/qemu-aarch64\n"), "docker", "linux/arm64"),
      undefined,
    );
    assert.match(
      (await platformProblem(machine(undefined), "docker", "linux/arm64")) ?? "",
      /no `docker buildx` to list BuildKit's platforms, and \/proc\/sys\/fs\/binfmt_misc\/qemu-aarch64 is missing/,
    );
    const podman = machine("disabled\n");
    assert.match((await platformProblem(podman, "podman", "linux/arm64")) ?? "", /qemu-aarch64 is disabled/);
    assert.equal(podman.lines[0], "podman info --format {{.Host.OS}}/{{.Host.Arch}}");
    assert.equal(qemuBinfmtEntry("amd64"), "/proc/sys/fs/binfmt_misc/qemu-x86_64");
  });

  it("the live registry probe: any HTTP answer on /v2/ (401 included) is reachable; a closed port is not", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(401, { "Docker-Distribution-Api-Version": "registry/2.0" });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      assert.equal(await probeRegistry(`127.0.0.1:${port}`), undefined, "loopback: http after https fails");
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.match((await probeRegistry(`127.0.0.1:${port}`)) ?? "", /^http: ECONNREFUSED/);
  });
});
