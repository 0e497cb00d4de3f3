/**
 * Every dynamic provider as a real `pulumi up` runs it: compiled by Pulumi's ts-node settings, serialized as
 * `pulumi.dynamic.Resource` does, loaded and called by Pulumi's own dynamic-provider host over gRPC, with fake
 * tools on PATH (see helpers/serialized-provider.ts). The failures are the point: whatever fails, the text the
 * engine receives names the command, its output and our hint.
 */
import { strict as assert } from "node:assert";
import { fakeBin } from "../helpers/fake-bin";
import type { FakeBin } from "../helpers/fake-bin";
import { fakeKubeconfig } from "../helpers/fake-kind";
import type { ProviderSource } from "../helpers/serialized-provider";
import { hostFailure, ProviderHost, serializeLikePulumi } from "../helpers/serialized-provider";
import { MAAS_CRDS } from "../../components/preflight/platform-survey";

const KIND_CLUSTER: ProviderSource = {
  module: "components/cluster/kind-cluster-instance.ts",
  factory: "kindClusterInstanceProvider",
};
const IMAGE_LOAD: ProviderSource = {
  module: "components/image/kind-image-load.ts",
  factory: "kindImageLoadProvider",
};
const TOKEN: ProviderSource = {
  module: "components/access/token-request.ts",
  factory: "tokenRequestProvider",
};
const PREFLIGHT: ProviderSource = {
  module: "components/preflight/cluster-preflight.ts",
  factory: "clusterPreflightProvider",
};
const NAMESPACE: ProviderSource = {
  module: "components/cluster/namespace-claim.ts",
  factory: "namespaceClaimProvider",
};
const PUSH: ProviderSource = {
  module: "components/image/registry-push.ts",
  factory: "registryPushProvider",
};
const ALL = [KIND_CLUSTER, IMAGE_LOAD, TOKEN, PREFLIGHT, NAMESPACE, PUSH];

/** A `kind` script: `get clusters` prints `clusters`; each `"<verb> <what>"` case of `cases` overrides. */
function kindScript(clusters: string[], cases: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    "get clusters": clusters.length
      ? `printf '${clusters.join("\\n")}\\n'`
      : `echo "No kind clusters found." >&2`,
    "get kubeconfig": `cat <<'EOF'\n${fakeKubeconfig("maas-local", "CA1")}EOF\n`,
    ...cases,
  };
  return ['case "$1 $2" in', ...Object.entries(all).map(([k, v]) => `  "${k}") ${v} ;;`), "esac"].join("\n");
}

const fail = (stderr: string, code = 1) => `echo '${stderr}' >&2; exit ${code}`;

describe("dynamic providers as Pulumi serializes and hosts them", function () {
  // Compiling, serializing and starting the host take seconds, on a busy machine tens of seconds.
  this.timeout(120_000);

  let kindCluster: string,
    imageLoad: string,
    token: string,
    preflight: string,
    namespaceClaim: string,
    push: string;
  let bin: FakeBin;
  let host: ProviderHost;
  before(async () => {
    bin = fakeBin({});
    [host, [kindCluster, imageLoad, token, preflight, namespaceClaim, push]] = await Promise.all([
      ProviderHost.start(bin.dir),
      serializeLikePulumi(...ALL) as Promise<[string, string, string, string, string, string]>,
    ]);
  });
  after(async () => {
    await host?.close();
    bin?.remove();
  });

  /** Runs `fn` against the provider host, with only `scripts` (and basic utilities) on its PATH. */
  async function hosted(
    scripts: Record<string, string>,
    fn: (host: ProviderHost, bin: FakeBin) => Promise<void>,
  ): Promise<void> {
    bin.reset(scripts);
    await fn(host, bin);
  }

  it("captures no class with a superclass: Pulumi rewrites `super(…)` to `__super.call(this, …)`", () => {
    // @pulumi/pulumi v3.248.0 runtime/closure/createClosure.ts + rewriteSuper.ts: a derived class is emitted as
    // its constructor alone, with `super(...)` → `__super.call(this, ...)`; for Error that sets nothing on `this`.
    for (const [i, text] of [kindCluster, imageLoad, token, preflight, namespaceClaim, push].entries()) {
      assert.doesNotMatch(text, /__super/, `${ALL[i]!.factory}: a derived class was serialized`);
    }
  });

  describe("KindCluster", () => {
    const inputs = { name: "maas-local", engine: "docker", config: "kind: Cluster\n" };

    it("create: kind missing → the user reads that kind is not on PATH, and why it is needed", async () => {
      await hosted({}, async (host) => {
        const text = await hostFailure(host.create(kindCluster, inputs));
        assert.match(text, /`kind` was not found on PATH/);
        assert.match(
          text,
          /kind and a running container engine are needed to create or adopt the Kind cluster/,
        );
      });
    });

    it("create: `kind create cluster` fails → its command, exit code, stderr and the port hint", async () => {
      const kind = kindScript([], {
        "create cluster": fail(
          "ERROR: failed to create cluster: listen tcp 0.0.0.0:80: address already in use",
        ),
      });
      await hosted({ kind }, async (host) => {
        const text = await hostFailure(host.create(kindCluster, inputs));
        assert.match(
          text,
          /`kind create cluster --name maas-local --config - --wait 120s` exited with code 1/,
        );
        assert.match(text, /address already in use/);
        assert.match(text, /maas-kind:kind\.httpPort/);
      });
    });

    it("create: the kubeconfig cannot be read → the cause, and the created cluster is deleted again", async () => {
      const kind = kindScript([], {
        "get kubeconfig": fail("ERROR: could not locate any control plane nodes"),
      });
      await hosted({ kind }, async (host, bin) => {
        const text = await hostFailure(host.create(kindCluster, inputs));
        assert.match(text, /`kind get kubeconfig --name maas-local` exited with code 1/);
        assert.match(text, /could not locate any control plane nodes/);
        assert.doesNotMatch(text, /left behind/);
        assert.deepEqual(bin.calls().slice(-1), ["kind delete cluster --name maas-local"]);
      });
    });

    it("create: rollback fails too → the cause plus the note that the cluster was left behind", async () => {
      const kind = kindScript([], {
        "get kubeconfig": fail("ERROR: could not locate any control plane nodes"),
        "delete cluster": fail("ERROR: failed to delete cluster: engine stopped"),
      });
      await hosted({ kind }, async (host) => {
        const text = await hostFailure(host.create(kindCluster, inputs));
        assert.match(text, /could not locate any control plane nodes/);
        assert.match(text, /The cluster "maas-local" created for this stack could not be deleted again/);
        assert.match(text, /engine stopped/);
        assert.match(text, /`kind delete cluster --name maas-local` before the next `npm run up`/);
      });
    });

    it("read: `kind get clusters` fails → its stderr and the hint", async () => {
      const kind = kindScript([], { "get clusters": fail("Cannot connect to the Docker daemon") });
      await hosted({ kind }, async (host) => {
        const text = await hostFailure(host.read(kindCluster, "maas-local", { ...inputs, created: true }));
        assert.match(text, /`kind get clusters` exited with code 1: Cannot connect to the Docker daemon/);
        assert.match(text, /kind and a running container engine are needed/);
      });
    });

    it("delete: `kind delete cluster` fails → its stderr", async () => {
      const kind = kindScript(["maas-local"], { "delete cluster": fail("ERROR: failed to delete nodes") });
      await hosted({ kind }, async (host) => {
        const state = {
          ...inputs,
          created: true,
          context: "kind-maas-local",
          kubeconfig: "",
          clusterId: "x",
        };
        const text = await hostFailure(host.delete(kindCluster, "maas-local", state));
        assert.match(
          text,
          /`kind delete cluster --name maas-local` exited with code 1: ERROR: failed to delete nodes/,
        );
      });
    });

    it("create, diff, update, read and delete succeed through the host", async () => {
      const state = `"$(dirname "$0")/clusters"`;
      const kind = kindScript([], {
        "get clusters": `cat ${state} 2>/dev/null || true`,
        "create cluster": `cat > /dev/null; echo maas-local > ${state}`,
        "delete cluster": `: > ${state}`,
      });
      await hosted({ kind }, async (host) => {
        const created = await host.create(kindCluster, inputs);
        assert.equal(created.outs.created, true);
        const news = { ...inputs, config: "kind: Cluster\nnodes: []\n" };
        assert.deepEqual(await host.diff(kindCluster, created.id, created.outs, news), {
          changes: true,
          replaces: ["config"],
          deleteBeforeReplace: true,
        });
        const adopted = { ...created.outs, created: false };
        assert.equal((await host.update(kindCluster, created.id, adopted, news)).config, news.config);
        assert.equal((await host.read(kindCluster, created.id, created.outs)).props.created, true);
        await host.delete(kindCluster, created.id, created.outs);
        assert.equal((await host.read(kindCluster, created.id, created.outs)).id, "");
      });
    });
  });

  describe("KindImageLoad", () => {
    const inputs = {
      image: "localhost/maas-kind/simulator:dev",
      imageId: "sha256:1",
      cluster: "maas-local",
      engine: "docker",
    };

    it("create: `docker save` fails → its stderr and the question whether the image was built", async () => {
      const scripts = {
        kind: kindScript(["maas-local"]),
        docker: fail("Error response from daemon: reference does not exist"),
      };
      await hosted(scripts, async (host) => {
        const text = await hostFailure(host.create(imageLoad, inputs));
        assert.match(
          text,
          /`docker save -o \S+image\.tar localhost\/maas-kind\/simulator:dev` exited with code 1/,
        );
        assert.match(text, /reference does not exist/);
        assert.match(text, /Was the image localhost\/maas-kind\/simulator:dev built with docker\?/);
      });
    });

    it("create: `podman save` fails → its stderr and the podman hint", async () => {
      const scripts = { kind: kindScript(["maas-local"]), podman: fail("Error: image not known", 125) };
      await hosted(scripts, async (host) => {
        const text = await hostFailure(host.create(imageLoad, { ...inputs, engine: "podman" }));
        assert.match(text, /`podman save --format docker-archive -o \S+ localhost\S+` exited with code 125/);
        assert.match(text, /Error: image not known/);
        assert.match(text, /built with podman\?/);
      });
    });

    it("create: `kind load image-archive` fails → its stderr", async () => {
      const scripts = {
        kind: kindScript(["maas-local"], {
          "load image-archive": fail("ERROR: failed to load image: ctr: EOF"),
        }),
        docker: "",
      };
      await hosted(scripts, async (host) => {
        const text = await hostFailure(host.create(imageLoad, inputs));
        assert.match(text, /`kind load image-archive \S+ --name maas-local` exited with code 1/);
        assert.match(text, /failed to load image: ctr: EOF/);
      });
    });

    it("create: kind missing → not on PATH, and what kind is needed for", async () => {
      await hosted({ docker: "" }, async (host) => {
        const text = await hostFailure(host.create(imageLoad, inputs));
        assert.match(text, /`kind` was not found on PATH/);
        assert.match(text, /needed to load the simulator image/);
      });
    });

    it("create: no such cluster → the clusters that exist and how to create it", async () => {
      await hosted({ kind: kindScript(["other"]), docker: "" }, async (host) => {
        const text = await hostFailure(host.create(imageLoad, inputs));
        assert.match(text, /Kind cluster "maas-local" not found \(existing: other\)/);
      });
    });

    it("create and read succeed through the host; read finds a missing image instead of failing", async () => {
      const scripts = {
        kind: kindScript(["maas-local"], { "get nodes": "echo maas-local-control-plane" }),
        docker: "",
      };
      await hosted(scripts, async (host, bin) => {
        const created = await host.create(imageLoad, inputs);
        assert.equal(created.outs.loaded, true);
        assert.equal((await host.read(imageLoad, created.id, created.outs)).props.loaded, true);
        assert.ok(
          bin.calls().includes("docker exec maas-local-control-plane crictl inspecti " + inputs.image),
        );
        bin.reset({ ...scripts, docker: fail("no such image") });
        assert.equal((await host.read(imageLoad, created.id, created.outs)).props.loaded, false);
      });
    });
  });

  describe("NamespaceClaim", () => {
    const inputs = {
      name: "llm",
      labels: { "app.kubernetes.io/managed-by": "maas-kind" },
      context: "kind-maas-local",
    };

    it("create: a missing namespace is created and recorded as the stack's; an existing one is reused", async () => {
      const created = `case "$*" in *" get "*) ;; *" create "*) cat >/dev/null; echo namespace/llm created ;; esac`;
      await hosted({ kubectl: created }, async (host, bin) => {
        const { outs } = await host.create(namespaceClaim, inputs);
        assert.equal(outs.created, true);
        assert.deepEqual(bin.calls(), [
          "kubectl --context kind-maas-local get namespace llm --ignore-not-found -o name",
          "kubectl --context kind-maas-local create -f -",
        ]);
      });
      await hosted({ kubectl: "echo namespace/llm" }, async (host) => {
        const { outs } = await host.create(namespaceClaim, inputs);
        assert.equal(outs.created, false);
      });
    });

    it("create: kubectl refuses → its command, stderr and which namespace could not be claimed", async () => {
      const kubectl = `case "$*" in *" get "*) ;; *) ${fail("Error from server (Forbidden): namespaces is forbidden")} ;; esac`;
      await hosted({ kubectl }, async (host) => {
        const text = await hostFailure(host.create(namespaceClaim, inputs));
        assert.match(text, /`kubectl --context kind-maas-local create -f -` exited with code 1/);
        assert.match(text, /namespaces is forbidden/);
        assert.match(text, /Claiming namespace llm on context kind-maas-local failed/);
      });
    });

    it("read: an existing namespace keeps the claim; a namespace that is gone drops it (empty id)", async () => {
      await hosted({ kubectl: "echo namespace/llm" }, async (host) => {
        const read = await host.read(namespaceClaim, "llm", { ...inputs, created: true });
        assert.equal(read.id, "llm");
        assert.equal(read.props.created, true);
      });
      await hosted({ kubectl: "true" }, async (host, bin) => {
        assert.equal((await host.read(namespaceClaim, "llm", { ...inputs, created: false })).id, "");
        assert.deepEqual(bin.calls(), [
          "kubectl --context kind-maas-local get namespace llm --ignore-not-found -o name",
        ]);
      });
      await hosted({ kubectl: fail("Unable to connect to the server") }, async (host) => {
        const text = await hostFailure(host.read(namespaceClaim, "llm", { ...inputs, created: true }));
        assert.match(text, /Unable to connect to the server/);
        assert.match(text, /Reading namespace llm on context kind-maas-local failed/);
      });
    });

    it("delete: a reused namespace is kept without a call; a created one's failed delete names the fix", async () => {
      await hosted({}, async (host, bin) => {
        await host.delete(namespaceClaim, "llm", { ...inputs, created: false });
        assert.deepEqual(bin.calls(), []);
      });
      await hosted({ kubectl: fail("error: timed out waiting for the condition") }, async (host) => {
        const text = await hostFailure(host.delete(namespaceClaim, "llm", { ...inputs, created: true }));
        assert.match(text, /timed out waiting for the condition/);
        assert.match(text, /Deleting namespace llm, which this stack created, failed/);
      });
    });
  });

  describe("TokenRequest", () => {
    const inputs = {
      namespace: "maas-api",
      serviceAccount: "free-user",
      audience: "maas-default-gateway-sa",
      expirationSeconds: 3600,
      context: "kind-maas-local",
    };
    const minted = `echo '{"status":{"token":"t","expirationTimestamp":"2031-01-01T00:00:00Z"}}'`;

    it("create: `kubectl create token` fails → its stderr and which ServiceAccount could not get a token", async () => {
      const kubectl = fail('error: failed to create token: serviceaccounts "free-user" not found');
      await hosted({ kubectl }, async (host) => {
        const text = await hostFailure(host.create(token, inputs));
        assert.match(
          text,
          /`kubectl --context kind-maas-local create token free-user .*` exited with code 1/,
        );
        assert.match(text, /serviceaccounts "free-user" not found/);
        assert.match(
          text,
          /Minting a token for ServiceAccount maas-api\/free-user in context kind-maas-local failed/,
        );
      });
    });

    it("update (re-mint): the same failure reaches the user", async () => {
      const kubectl = fail(
        "Unable to connect to the server: dial tcp 127.0.0.1:40000: connect: connection refused",
      );
      await hosted({ kubectl }, async (host) => {
        const olds = { ...inputs, token: "old", expiresAt: "2000-01-01T00:00:00Z" };
        assert.equal((await host.diff(token, "id", olds, inputs)).changes, true);
        const text = await hostFailure(host.update(token, "id", olds, inputs));
        assert.match(text, /connection refused/);
        assert.match(text, /is the cluster running and the ServiceAccount there\?/);
      });
    });

    it("create: kubectl missing → not on PATH, with the hint", async () => {
      await hosted({}, async (host) => {
        const text = await hostFailure(host.create(token, inputs));
        assert.match(text, /`kubectl` was not found on PATH/);
        assert.match(text, /Minting a token for ServiceAccount maas-api\/free-user/);
      });
    });

    it("create: kubectl prints no TokenRequest → says so", async () => {
      await hosted({ kubectl: "echo 'not json'" }, async (host) => {
        const text = await hostFailure(host.create(token, inputs));
        assert.match(text, /kubectl create token printed no JSON TokenRequest: not json/);
      });
    });

    it("create succeeds through the host", async () => {
      await hosted({ kubectl: minted }, async (host) => {
        const created = await host.create(token, inputs);
        assert.equal(created.outs.token, "t");
        assert.equal(created.id, "maas-api/free-user");
      });
    });
  });

  describe("RegistryPush", () => {
    const image = "registry.example.com:5000/maas/sim:dev";
    const digest = `sha256:${"c".repeat(64)}`;
    const inputs = { image, imageId: "sha256:1", engine: "docker", server: "registry.example.com:5000" };
    /** `docker push` as the CLI prints it; with credentials, only if DOCKER_CONFIG holds them. */
    const pushed = `echo "dev: digest: ${digest} size: 1364"`;

    it("create: `docker push` fails → its stderr and what to check (the engine's login)", async () => {
      await hosted({ docker: fail("unauthorized: authentication required") }, async (host) => {
        const text = await hostFailure(host.create(push, inputs));
        assert.match(text, /`docker push registry\.example\.com:5000\/maas\/sim:dev` exited with code 1/);
        assert.match(text, /unauthorized: authentication required/);
        assert.match(text, /is `docker login registry\.example\.com:5000` done/);
      });
    });

    it("create: docker missing → not on PATH", async () => {
      await hosted({}, async (host) => {
        assert.match(await hostFailure(host.create(push, inputs)), /`docker` was not found on PATH/);
      });
    });

    it("create: no digest printed nor recorded → says so", async () => {
      await hosted(
        { docker: `[ "$1" = push ] && echo pushed; [ "$1" = image ] && echo '[]'; exit 0` },
        async (host) => {
          assert.match(await hostFailure(host.create(push, inputs)), /pushed \S+ but reported no digest/);
        },
      );
    });

    it("create with credentials and update succeed through the host; the pinned ref is <repository>@<digest>", async () => {
      const docker = `case "$(cat "$DOCKER_CONFIG/config.json")" in *'"registry.example.com:5000"'*) ;; *) exit 3 ;; esac; ${pushed}`;
      await hosted({ docker }, async (host) => {
        const withCreds = { ...inputs, username: "bot", password: "s3cret" };
        const created = await host.create(push, withCreds);
        assert.equal(created.outs.digest, digest);
        assert.equal(created.outs.ref, `registry.example.com:5000/maas/sim@${digest}`);
        const updated = await host.update(push, created.id, created.outs, { ...withCreds, password: "new" });
        assert.equal(updated.digest, digest, "a new password alone keeps the pushed digest");
      });
    });
  });

  describe("ClusterPreflight", () => {
    const news = {
      cluster: "maas-local",
      engine: "docker",
      context: "kind-maas-local",
      requireGatewayApi: false,
      gatewayApiVersion: "v1.2.1",
    };

    it("check: kubectl missing → a failure saying so", async () => {
      await hosted({}, async (host) => {
        const { failures } = await host.check(preflight, news);
        assert.equal(failures.length, 1);
        assert.match(failures[0]!.reason, /`kubectl` is not on PATH/);
      });
    });

    it("check: the API server does not answer → a failure with kubectl's stderr", async () => {
      await hosted(
        { kubectl: fail("The connection to the server 127.0.0.1:40000 was refused") },
        async (host) => {
          const { failures } = await host.check(preflight, news);
          assert.equal(failures.length, 1);
          assert.match(failures[0]!.reason, /kubectl cannot reach context kind-maas-local/);
          assert.match(failures[0]!.reason, /The connection to the server 127\.0\.0\.1:40000 was refused/);
        },
      );
    });

    it("check: kubectl prints no CRD list → a warning naming the problem, not a bare parser error", async () => {
      const kubectl = `case "$*" in *readyz*) echo ok ;; *) echo "<html>proxy error</html>" ;; esac`;
      await hosted({ kubectl }, async (host) => {
        const checked = await host.check(preflight, {
          ...news,
          kserveApiVersion: "serving.kserve.io/v1alpha1",
        });
        assert.deepEqual(checked.failures, []);
        const warnings = checked.inputs.warnings as string[];
        assert.equal(warnings.length, 1);
        assert.match(
          warnings[0]!,
          /^Preflight could not read the CRDs kubectl listed \(.*JSON.*\); their checks were skipped\.$/,
        );
      });
    });

    it("check: the platform survey recognises today's MaaS and stops a maas-kind profile, through the host", async () => {
      // What kubectl prints on MaaS's local deploy (models-as-a-service c0639b1b): its CRDs, maas-controller.
      const crds = JSON.stringify({
        kind: "List",
        items: [MAAS_CRDS[0], MAAS_CRDS[1], MAAS_CRDS[2]].map((name) => ({ metadata: { name } })),
      });
      const controller = JSON.stringify({
        kind: "List",
        items: [{ kind: "Deployment", metadata: { name: "maas-controller", namespace: "maas-system" } }],
      });
      const kubectl = [
        'case "$*" in',
        "  *readyz*) echo ok ;;",
        `  *customresourcedefinitions*) echo '${crds}' ;;`,
        `  *metadata.name=maas-controller*) echo '${controller}' ;;`,
        '  *) echo \'{"kind": "List", "items": []}\' ;;',
        "esac",
      ].join("\n");
      const platform = {
        stack: "dev",
        modelsNamespace: "llm",
        tierNamespaces: {},
        planned: [],
        hostnames: [],
      };
      await hosted({ kubectl }, async (host) => {
        const kind = await host.check(preflight, {
          ...news,
          platform: { ...platform, profile: "maas-kind" },
        });
        assert.equal(kind.failures.length, 1, JSON.stringify(kind.failures));
        assert.match(
          kind.failures[0]!.reason,
          /^Platform profile does not fit: .*maas-kind:platform: maas-subscriptions/,
        );
        const subs = await host.check(preflight, {
          ...news,
          platform: { ...platform, profile: "maas-subscriptions" },
        });
        assert.deepEqual(subs.failures, []);
        assert.ok(
          (subs.inputs.notes as string[]).some((n) => /^Platform maas-subscriptions recognised/.test(n)),
        );
      });
    });

    it("check: on maas-subscriptions a MaaS sample in the subscription namespace → its headline and delete command, through the host", async () => {
      // MaaS's free sample's MaaSAuthPolicy (models-as-a-service c0639b1b docs/samples/maas-system/free/maas/).
      const list = (items: unknown[]) => JSON.stringify({ kind: "List", items });
      const crds = list(MAAS_CRDS.map((name) => ({ metadata: { name } })));
      const controller = list([
        { kind: "Deployment", metadata: { name: "maas-controller", namespace: "maas-system" } },
      ]);
      const namespaces = list(
        ["llm", "models-as-a-service"].map((name) => ({ kind: "Namespace", metadata: { name } })),
      );
      const policy = JSON.stringify({
        kind: "MaaSAuthPolicy",
        metadata: { name: "simulator-access", namespace: "models-as-a-service" },
      });
      const kubectl = [
        'case "$*" in',
        "  *readyz*) echo ok ;;",
        `  *customresourcedefinitions*) echo '${crds}' ;;`,
        `  *metadata.name=maas-controller*) echo '${controller}' ;;`,
        `  *" namespaces "*) echo '${namespaces}' ;;`,
        `  *"maasauthpolicies.maas.opendatahub.io simulator-access"*) echo '${policy}' ;;`,
        "  *) echo '' ;;",
        "esac",
      ].join("\n");
      const platform = {
        stack: "dev",
        modelsNamespace: "llm",
        tierNamespaces: {},
        hostnames: [],
        profile: "maas-subscriptions",
        planned: [
          { kind: "MaaSModelRef", type: MAAS_CRDS[0], name: "m" },
          {
            kind: "MaaSAuthPolicy",
            type: MAAS_CRDS[1],
            name: "simulator-access",
            namespace: "models-as-a-service",
          },
        ],
      };
      await hosted({ kubectl }, async (host) => {
        const { failures } = await host.check(preflight, { ...news, platform });
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.match(
          failures[0]!.reason,
          /^MaaS samples present: namespace models-as-a-service holds MaaSAuthPolicy simulator-access, /,
        );
        assert.match(
          failures[0]!.reason,
          /`kubectl --context kind-maas-local delete --namespace models-as-a-service maasauthpolicies\.maas\.opendatahub\.io simulator-access`/,
        );
      });
    });

    it("check passes, and diff and create work, through the host", async () => {
      await hosted({ kubectl: "echo ok" }, async (host) => {
        const checked = await host.check(preflight, news);
        assert.deepEqual(checked.failures, []);
        assert.deepEqual(checked.inputs.warnings, []);
        const created = await host.create(preflight, checked.inputs);
        assert.equal(created.id, "kind-maas-local");
        assert.equal((await host.diff(preflight, created.id, created.outs, checked.inputs)).changes, false);
      });
    });
  });
});
