import { strict as assert } from "node:assert";
import type { PreflightMessage } from "../../../components/preflight/preflight-messages";
import * as msg from "../../../components/preflight/preflight-messages";

/** One call per message; the `Record` makes a message added to PREFLIGHT_HEADLINES without a case fail tsc. */
const CASES: Record<PreflightMessage, { text: string; says: RegExp[] }> = {
  engineMissing: {
    text: msg.engineMissing("docker", "podman"),
    says: [
      /`docker` is not on PATH/,
      /docs\.docker\.com/,
      /containerEngine: podman/,
      /KIND_EXPERIMENTAL_PROVIDER/,
    ],
  },
  engineNotRunning: {
    text: msg.engineNotRunning("podman", "cannot connect"),
    says: [/`podman info` failed \(cannot connect\)/, /podman machine start/],
  },
  kindMissing: { text: msg.kindMissing(), says: [/`kind` is not on PATH/, /kind\.sigs\.k8s\.io/] },
  kindTooOld: {
    text: msg.kindTooOld("0.19.0", "0.20.0"),
    says: [/`kind version` says v0\.19\.0/, /kind ≥ v0\.20\.0/, /kind\.sigs\.k8s\.io/],
  },
  llmTemplateMissing: {
    text: msg.llmTemplateMissing("llm"),
    says: [/kserve-config-llm-template in namespace llm nor in kserve/],
  },
  llmTemplateContainers: { text: msg.llmTemplateContainers("a, b"), says: [/several containers: a, b/] },
  hostnameNotServed: {
    text: msg.hostnameNotServed(
      "istio-system",
      "maas-gateway",
      ["maas.local"],
      [{ name: "http", hostname: "localhost" }],
    ),
    says: [
      /Gateway istio-system\/maas-gateway \(http: localhost\) serves maas\.local/,
      /maas-kind:hostnames/,
    ],
  },
  tierNotMapped: {
    text: msg.tierNotMapped(["gold"], ["free", "premium"]),
    says: [/gold is not in maas-api's ConfigMap/, /tiers: free, premium/],
  },
  maasTestModelsPresent: {
    text: msg.maasTestModelsPresent(
      "llm",
      [{ kind: "LLMInferenceService", name: "model-a" }],
      ["kubectl delete x"],
    ),
    says: [
      /namespace llm holds MaaS's own test models \(LLMInferenceService model-a/,
      /`kubectl delete x`/,
      /--without-models/,
    ],
  },
  maasSamplesPresent: {
    text: msg.maasSamplesPresent(
      "llm",
      [
        { kind: "MaaSModelRef", name: "facebook-opt-125m-simulated" },
        { kind: "MaaSAuthPolicy", name: "simulator-access", namespace: "models-as-a-service" },
      ],
      ["kubectl delete a", "kubectl delete b"],
    ),
    says: [
      /namespace llm holds MaaSModelRef facebook-opt-125m-simulated, and namespace models-as-a-service holds MaaSAuthPolicy simulator-access, objects of MaaS's samples/,
      /`kubectl delete a` and `kubectl delete b`/,
      /maas-kind:tiers/,
    ],
  },
  objectsInTheWay: {
    text: msg.objectsInTheWay(
      "llm",
      [{ kind: "PersistentVolumeClaim", name: "empty-model" }],
      ["kubectl delete y"],
      "maas-kind/stack",
    ),
    says: [
      /already holds PersistentVolumeClaim empty-model/,
      /no maas-kind\/stack label/,
      /`kubectl delete y`/,
    ],
  },
  kubectlMissing: { text: msg.kubectlMissing(), says: [/`kubectl` is not on PATH/, /kubectl create token/] },
  kindFailed: {
    text: msg.kindFailed("podman", "boom"),
    says: [/`kind get clusters` failed \(boom\)/, /KIND_EXPERIMENTAL_PROVIDER=podman kind get clusters/],
  },
  clusterMissing: {
    text: msg.clusterMissing("maas-local", ["a", "b"], "podman"),
    says: [
      /"maas-local" does not exist \(existing: a, b\)/,
      /`KIND_EXPERIMENTAL_PROVIDER=podman kind create cluster --name maas-local`/,
    ],
  },
  portInUse: { text: msg.portInUse(8080, "kind.httpPort"), says: [/port 8080 \(maas-kind:kind\.httpPort\)/] },
  privilegedPort: {
    text: msg.privilegedPort("podman", 80, "kind.httpPort"),
    says: [/rootless Podman cannot publish port 80/, /ip_unprivileged_port_start=80`/],
  },
  clusterUnreachable: {
    text: msg.clusterUnreachable("kind-x", "x", "docker", "refused"),
    says: [/context kind-x \(refused\)/, /`docker start x-control-plane`/, /deleteUnreachable: true/],
  },
  kserveMissing: {
    text: msg.kserveMissing(),
    says: [/llminferenceservices\.serving\.kserve\.io/, /workload: deployment/],
  },
  kserveVersion: {
    text: msg.kserveVersion("serving.kserve.io/v1alpha2", ["v1alpha1", "v1"]),
    says: [
      /serves v1alpha1, v1, not maas-kind:kserveApiVersion serving\.kserve\.io\/v1alpha2/,
      /to serving\.kserve\.io\/v1alpha1,/,
    ],
  },
  gatewayApiMissing: {
    text: msg.gatewayApiMissing("v1.2.1"),
    says: [/\{install: true\}/, /\(v1\.2\.1\)/, /httpRoutes: false/],
  },
  gatewayApiTooOld: { text: msg.gatewayApiTooOld(["v1beta1"]), says: [/serves v1beta1 but not v1/] },
  gatewayNotFound: {
    text: msg.gatewayNotFound("istio-system", "gw", true),
    says: [/istio-system\/gw does not exist \(the Gateway CRD itself is missing\)/],
  },
  platformUnsupported: {
    text: msg.platformUnsupported(
      "docker",
      "linux/arm64",
      "linux/amd64",
      "`docker buildx ls` lists linux/amd64",
    ),
    says: [
      /imagePlatform is linux\/arm64 but the Docker engine runs linux\/amd64/,
      /tonistiigi\/binfmt --install arm64/,
      /unset imagePlatform to build for linux\/amd64/,
    ],
  },
  registryUnreachable: {
    text: msg.registryUnreachable("quay.io", "https: ENOTFOUND"),
    says: [
      /quay\.io .* does not answer on https:\/\/quay\.io\/v2\/ \(https: ENOTFOUND\)/,
      /docker login quay\.io/,
    ],
  },
  platformMismatch: {
    text: msg.platformMismatch(
      "maas-kind",
      "maas-subscriptions",
      true,
      "a maas-controller Deployment (in maas-system)",
    ),
    says: [
      /maas-kind:platform is maas-kind, but this cluster runs today's MaaS/,
      /found: a maas-controller Deployment \(in maas-system\)/,
      /Set maas-kind:platform: maas-subscriptions/,
    ],
  },
  kserveTooOldForSubscriptions: {
    text: msg.kserveTooOldForSubscriptions("serving.kserve.io/v1alpha1", []),
    says: [
      /no spec\.storageInitializer in serving\.kserve\.io\/v1alpha1/,
      /KServe v0\.17 or later/,
      /opendatahub-io/,
    ],
  },
};

describe("preflight messages (components/preflight/preflight-messages.ts)", () => {
  for (const [key, { text, says }] of Object.entries(CASES)) {
    it(`${key}: starts with its headline and names what was found`, () => {
      assert.ok(text.startsWith(`${msg.PREFLIGHT_HEADLINES[key as PreflightMessage]}: `), text);
      for (const re of says) assert.match(text, re);
    });
  }

  it("objects in the way on maas-subscriptions: per namespace, renamed by models or tiers (no storageClaim)", () => {
    const text = msg.objectsInTheWay(
      "llm",
      [
        { kind: "MaaSModelRef", name: "model-a" },
        { kind: "MaaSSubscription", name: "free-subscription", namespace: "models-as-a-service" },
      ],
      ["kubectl delete z"],
      "maas-kind/stack",
      "maas-subscriptions",
    );
    assert.match(
      text,
      /^Objects in the way: namespace llm already holds MaaSModelRef model-a, and namespace models-as-a-service already holds MaaSSubscription free-subscription, not created/,
    );
    assert.match(text, /tiers \(maas-kind:tiers, which name their MaaSAuthPolicy and MaaSSubscription\)/);
    assert.doesNotMatch(text, /storageClaim/);
  });

  it("headlines are distinct, so the README's table can key on them", () => {
    const headlines = Object.values(msg.PREFLIGHT_HEADLINES);
    assert.equal(new Set(headlines).size, headlines.length);
  });

  it("offers the other engine only when it is installed, and the Podman hint only for Podman", () => {
    assert.doesNotMatch(msg.engineMissing("podman"), /, or use/);
    assert.match(
      msg.engineMissing("podman", "docker"),
      /or use Docker, which is installed: set maas-kind:containerEngine: docker\.$/,
    );
    assert.match(msg.engineMissing("podman"), /podman\.io\/docs\/installation/);
    assert.match(msg.engineNotRunning("docker", "x"), /systemctl start docker/);
    assert.match(msg.kindFailed("docker", "x"), /Check that `kind get clusters` works in this shell\.$/);
    assert.match(msg.clusterMissing("c", [], "docker"), /\(existing: none\)/);
    assert.match(msg.clusterMissing("c", [], "docker"), /\(`kind create cluster --name c`\)/);
  });

  it("platform mismatch: probable only says so; no MaaS names maas-kind; a partial install says what is missing", () => {
    assert.match(
      msg.platformMismatch("maas-kind", "maas-subscriptions", false, "x"),
      /probably runs today's MaaS/,
    );
    assert.match(
      msg.platformMismatch("maas-subscriptions", "maas-kind", true, "the ConfigMap"),
      /runs MaaS's Kind overlay setup .*Set maas-kind:platform: maas-kind/,
    );
    assert.match(
      msg.platformMismatch("maas-subscriptions", undefined, false, "no MaaS CRDs"),
      /has no MaaS \(no MaaS CRDs\).*Set maas-kind:platform: maas-kind/,
    );
    assert.match(
      msg.platformMismatch("maas-subscriptions", "maas-subscriptions", false, "the MaaS CRDs a, b, c"),
      /only part of it \(the MaaS CRDs a, b, c\).*a running maas-controller/,
    );
  });

  it("KServe too old names the version that has the field, when one does", () => {
    assert.match(
      msg.kserveTooOldForSubscriptions("serving.kserve.io/v1alpha1", ["v1alpha2"]),
      /set maas-kind:kserveApiVersion to serving\.kserve\.io\/v1alpha2/,
    );
  });

  it("says so when no version is served", () => {
    assert.match(msg.kserveVersion("serving.kserve.io/v1", []), /serves no version, .* to a served version,/);
    assert.match(msg.gatewayApiTooOld([]), /serves no version but not v1/);
    assert.doesNotMatch(msg.gatewayNotFound("ns", "gw", false), /CRD itself/);
  });

  it("quotes the last lines of stderr, on one line, at most 300 characters", () => {
    assert.equal(msg.commandDetail("first\n\n  second \nthird\n"), "second third");
    assert.equal(msg.commandDetail("a\nb\nc", 3), "a b c");
    assert.equal(msg.commandDetail(" \n"), "no output");
    const long = msg.commandDetail("x".repeat(400));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith("x..."));
    assert.equal(msg.commandDetail("y".repeat(300)), "y".repeat(300));
  });
});
