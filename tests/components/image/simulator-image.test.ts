import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { SimulatorImage } from "../../../components/image/simulator-image";
import { fakeBin } from "../../helpers/fake-bin";
import { loadSerializedProvider } from "../../helpers/serialized-provider";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

const args = {
  ref: "localhost/maas-kind/simulator:dev",
  context: ".",
  dockerfile: "simulator/Dockerfile",
  cluster: "maas-local",
  engine: "docker" as "docker" | "podman",
};

async function build(extra: { baseImage?: string; engine?: "docker" | "podman" } = {}) {
  const mocks = installMocks();
  const image = new SimulatorImage("simulator", { ...args, ...extra });
  const ref = await resolve(image.ref);
  const id = await resolve(image.id);
  await settle();
  const [docker] = mocks.ofType("docker:index/image:Image");
  const [load] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:KindImageLoad");
  return { mocks, ref, id, docker: docker!, load: load! };
}

describe("SimulatorImage component", () => {
  it("builds the repository root with simulator/Dockerfile, locally only, under the stack's tag", async () => {
    const { mocks, docker, ref, id } = await build();
    assert.equal(mocks.resources.find((r) => !r.custom)?.type, "maas-kind:image:SimulatorImage");
    assert.equal(docker.inputs.imageName, "localhost/maas-kind/simulator:dev");
    assert.equal(docker.inputs.skipPush, true);
    assert.deepEqual(docker.inputs.build, { context: ".", dockerfile: "simulator/Dockerfile" });
    assert.equal(ref, "localhost/maas-kind/simulator:dev");
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
  });

  it("passes BASE_IMAGE when configured, and uses the classic builder with Podman", async () => {
    const withBase = await build({ baseImage: "node-local:20" });
    assert.deepEqual(withBase.docker.inputs.build.args, { BASE_IMAGE: "node-local:20" });
    const podman = await build({ engine: "podman" });
    assert.equal(podman.docker.inputs.build.builderVersion, "BuilderV1");
    assert.equal(podman.load.inputs.engine, "podman");
  });

  it("loads the built image (by its id) into the named cluster, and exposes the ref only through the load", async () => {
    const { docker, load, id } = await build();
    assert.equal(load.inputs.image, docker.inputs.imageName);
    assert.equal(load.inputs.imageId, id);
    assert.equal(load.inputs.cluster, "maas-local");
    assert.equal(load.inputs.engine, "docker");
  });

  it("serializes a self-contained loader that runs docker save and kind load image-archive", async () => {
    const { load } = await build();
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(
      load.inputs.__provider as string,
    );
    const bin = fakeBin({
      kind: `[ "$1 $2" = "get clusters" ] && echo maas-local; exit 0`,
      docker: "exit 0",
    });
    try {
      const created = await bin.withPath(() =>
        provider.create!({ image: args.ref, imageId: "sha256:1", cluster: "maas-local", engine: "docker" }),
      );
      assert.equal(created.outs.loaded, true);
      const calls = bin.calls();
      assert.equal(calls[0], "kind get clusters");
      assert.match(calls[1] ?? "", /^docker save -o \S+\/image\.tar localhost\/maas-kind\/simulator:dev$/);
      assert.match(calls[2] ?? "", /^kind load image-archive \S+\/image\.tar --name maas-local$/);
    } finally {
      bin.remove();
    }
  });
});
