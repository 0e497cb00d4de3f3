/**
 * Registry delivery on mocks (index.ts): no kind anywhere with kind.create false, the image pinned by the
 * digest of its push, the pull secret in both workload modes; and the per-model HorizontalPodAutoscaler.
 */
import { strict as assert } from "node:assert";
import { parseStackOutputs } from "../components/outputs/stack-outputs";
import { PULL_SECRET_NAME } from "../components/image/image-pull-secret";
import { REQUESTS_WAITING_METRIC } from "../components/models/autoscaler-spec";
import type { ProgramRun } from "./helpers/program";
import { fakeHost, runProgram } from "./helpers/program";
import { stackConfig } from "./helpers/stack-config";

const KIND_CLUSTER = "pulumi-nodejs:dynamic/maas-kind:KindClusterInstance";
const IMAGE_LOAD = "pulumi-nodejs:dynamic/maas-kind:KindImageLoad";
const PUSH = "pulumi-nodejs:dynamic/maas-kind:RegistryPush";
const DOCKER_IMAGE = "docker:index/image:Image";
const LLMISVC = "kubernetes:serving.kserve.io/v1alpha1:LLMInferenceService";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SECRET = "kubernetes:core/v1:Secret";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const CREDS = { registryUsername: "bot", registryPassword: "s3cret" };
const DIGEST_REF = /^quay\.io\/example\/maas-simulator@sha256:[0-9a-f]{64}$/;

/** The value of a secret input as the mocks see it; fails if the input is not a Pulumi secret. */
const secretValue = (v: unknown): unknown => {
  const wrapped = v as Record<string, unknown> | undefined;
  assert.equal(wrapped?.["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "a secret");
  return wrapped?.value;
};

/** An amd64 machine with Docker: the remote stack's linux/amd64 is its own platform. */
const amd64 = () =>
  fakeHost((c) =>
    c.command === "docker" && c.args[0] === "version" ? { stdout: "linux/amd64\n" } : undefined,
  );

/** The pod specs of every model: LLMInferenceService templates or Deployment pod templates. */
function podSpecs(run: ProgramRun): Record<string, unknown>[] {
  return [
    ...run.mocks.ofType(LLMISVC).map((r) => r.inputs.spec.template as Record<string, unknown>),
    ...run.mocks.ofType(DEPLOYMENT).map((r) => r.inputs.spec.template.spec as Record<string, unknown>),
  ];
}

describe("registry delivery and autoscaling (index.ts on mocks)", () => {
  describe("the remote stack (kind.create: false, imageDelivery: registry)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runProgram(stackConfig("remote"), { host: amd64() });
    });

    it("declares no Kind resource and runs no kind command", () => {
      assert.equal(run.mocks.ofType(KIND_CLUSTER).length, 0);
      assert.equal(run.mocks.ofType(IMAGE_LOAD).length, 0);
      assert.deepEqual(
        run.host.runner.calls.filter((c) => c.command === "kind"),
        [],
        "the host preflight does not call kind",
      );
      assert.match(run.host.notes.join("\n"), /runs no kind command, pushes the image to quay\.io/);
    });

    it("builds for the configured platform, pushes the build, and runs it by the push's digest", () => {
      const [image] = run.mocks.ofType(DOCKER_IMAGE);
      assert.equal(image?.inputs.skipPush, true);
      assert.equal(image?.inputs.build.platform, "linux/amd64");
      const [push] = run.mocks.ofType(PUSH);
      assert.equal(push?.inputs.image, "quay.io/example/maas-simulator:dev");
      assert.match(
        push?.inputs.imageId as string,
        /^sha256:[0-9a-f]{64}$/,
        "the local build's id triggers pushes",
      );
      assert.equal(push?.inputs.server, "quay.io");
      assert.equal(push?.inputs.username, undefined, "no credentials: the engine's own login");
      const images = run.mocks
        .ofType(LLMISVC)
        .map((r) => r.inputs.spec.template.containers[0].image as string);
      assert.equal(images.length, 2);
      for (const ref of images) assert.match(ref, DIGEST_REF);
      const outputs = parseStackOutputs(run.outputs);
      assert.equal(outputs.image.ref, images[0]);
      assert.equal(outputs.image.ref.split("@")[1], outputs.image.id, "the image id is the pinned digest");
    });

    it("without credentials, no pull Secret and no imagePullSecrets", () => {
      assert.equal(run.mocks.ofType(SECRET).length, 0);
      for (const spec of podSpecs(run)) assert.equal(spec.imagePullSecrets, undefined);
    });
  });

  for (const workload of ["kserve", "deployment"] as const) {
    it(`${workload} mode with credentials: a dockerconfigjson Secret the pods pull with, and a secret push password`, async () => {
      const run = await runProgram(stackConfig("remote", { ...CREDS, workload }), { host: amd64() });
      const secrets = run.mocks.ofType(SECRET);
      assert.equal(secrets.length, 1);
      const secret = secrets[0]!;
      assert.equal(secret.inputs.type, "kubernetes.io/dockerconfigjson");
      assert.deepEqual(
        { name: secret.inputs.metadata.name, namespace: secret.inputs.metadata.namespace },
        { name: PULL_SECRET_NAME, namespace: "llm" },
      );
      const config = JSON.parse(
        (secretValue(secret.inputs.stringData) as Record<string, string>)[".dockerconfigjson"]!,
      ) as {
        auths: Record<string, { auth: string }>;
      };
      assert.equal(Buffer.from(config.auths["quay.io"]!.auth, "base64").toString(), "bot:s3cret");
      const specs = podSpecs(run);
      assert.equal(specs.length, 2);
      for (const spec of specs) {
        assert.deepEqual(spec.imagePullSecrets, [{ name: PULL_SECRET_NAME }]);
        const image = (spec.containers as { image: string }[])[0]!.image;
        assert.match(image, DIGEST_REF);
      }
      const [push] = run.mocks.ofType(PUSH);
      assert.equal(push?.inputs.username, "bot");
      assert.equal(
        secretValue(push?.inputs.password),
        "s3cret",
        "the password reaches the push as a Pulumi secret",
      );
    });
  }

  it("kind delivery (the dev stack) loads into Kind: no push, no pull secret, the tag", async () => {
    const run = await runProgram(stackConfig("dev"));
    assert.equal(run.mocks.ofType(PUSH).length, 0);
    assert.equal(run.mocks.ofType(IMAGE_LOAD).length, 1);
    assert.equal(run.mocks.ofType(SECRET).length, 0);
    for (const svc of run.mocks.ofType(LLMISVC)) {
      assert.equal(svc.inputs.spec.template.containers[0].image, "localhost/maas-kind/simulator:dev");
    }
  });

  it("deployment mode: an HPA per model that asks for one, on CPU or on vllm:num_requests_waiting; the HPA owns the replicas", async () => {
    const run = await runProgram(
      stackConfig("bare", {
        models: [
          { name: "model-a", tier: "free", autoscaling: { maxReplicas: 5, cpuUtilization: 70 } },
          {
            name: "model-b",
            tier: "premium",
            autoscaling: { minReplicas: 2, maxReplicas: 8, requestsWaiting: 3 },
          },
          { name: "model-c", tier: "premium", replicas: 2 },
        ],
      }),
    );
    const hpas = run.mocks.ofType(HPA);
    assert.deepEqual(
      hpas.map((h) => h.inputs.metadata.name),
      ["model-a-kserve", "model-b-kserve"],
    );
    const [cpu, waiting] = hpas.map((h) => h.inputs.spec);
    assert.deepEqual(cpu, {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "model-a-kserve" },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ],
    });
    assert.deepEqual(waiting.metrics, [
      {
        type: "Pods",
        pods: {
          metric: { name: REQUESTS_WAITING_METRIC },
          target: { type: "AverageValue", averageValue: "3" },
        },
      },
    ]);
    assert.equal(waiting.minReplicas, 2);
    for (const h of hpas) assert.equal(h.inputs.metadata.namespace, "llm");
    const replicas = Object.fromEntries(
      run.mocks.ofType(DEPLOYMENT).map((d) => [d.inputs.metadata.name, d.inputs.spec.replicas]),
    );
    assert.deepEqual(replicas, {
      "model-a-kserve": undefined,
      "model-b-kserve": undefined,
      "model-c-kserve": 2,
    });
  });
});
