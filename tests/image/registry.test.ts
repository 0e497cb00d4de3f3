/**
 * Registry test (`npm run test:image`): the registry delivery against a real registry. A loopback
 * `docker-registry` (Debian's package) receives the simulator image, built with the real engine and pushed by
 * RegistryPush's own provider (components/image/registry-push.ts, the code `pulumi up` runs); the digest the
 * stack would pin must be the one the registry serves for the tag (Docker-Content-Digest of
 * GET /v2/<name>/manifests/<tag>, and the sha256 of the body it serves), and the image, removed locally, must
 * run when pulled back by that digest. With CI=true it never skips; elsewhere it skips (saying why) without a
 * Docker engine or the docker-registry daemon. MAAS_KIND_BASE_IMAGE is the BASE_IMAGE build argument, as in
 * the container test.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { registryPushProvider } from "../../components/image/registry-push";
import type { RegistryPushState } from "../../components/image/registry-push";
import type { Container } from "./docker";
import {
  DOCKERFILE,
  REPO_ROOT,
  containerLogs,
  docker,
  dockerUnavailableReason,
  get,
  removeContainer,
  runContainer,
  waitForHealth,
} from "./docker";
import type { LocalRegistry } from "./local-registry";
import { manifest, registryUnavailableReason, startRegistry } from "./local-registry";

const NAME = "maas-kind/simulator";
const TAG = "registry-test";

describe("registry delivery (real engine, real registry)", function () {
  this.timeout(20 * 60_000);
  let registry: LocalRegistry | undefined;
  let image = "";
  let built = "";
  let pushed: RegistryPushState;
  const containers: string[] = [];

  before(async function () {
    const reason = (await dockerUnavailableReason()) ?? registryUnavailableReason();
    if (reason) {
      if (process.env.CI === "true")
        throw new Error(`CI=true but ${reason}: the registry test must run in CI`);
      console.log(`    skipped: ${reason}.`);
      this.skip();
    }
    registry = await startRegistry();
    image = `${registry.server}/${NAME}:${TAG}`;
    // A label of its own gives this build an image id no other tag holds, so removing the tag removes the image.
    const base = process.env.MAAS_KIND_BASE_IMAGE;
    await docker(
      [
        "build",
        "-f",
        DOCKERFILE,
        "-t",
        image,
        "--label",
        `maas-kind.test=registry-${registry.server}`,
        ...(base ? ["--build-arg", `BASE_IMAGE=${base}`] : []),
        REPO_ROOT,
      ],
      15 * 60_000,
    );
    built = (await docker(["image", "inspect", "-f", "{{.Id}}", image])).stdout.trim();
    const created = await registryPushProvider().create!({
      image,
      imageId: built,
      engine: "docker",
      server: registry.server,
    });
    pushed = created.outs as RegistryPushState;
  });

  after(async () => {
    for (const id of containers) await removeContainer(id);
    if (image) {
      await docker(["rmi", "-f", image]).catch(() => undefined);
      if (pushed?.ref) await docker(["rmi", "-f", pushed.ref]).catch(() => undefined);
    }
    await registry?.stop();
  });

  it("pins <repository>@<digest>, the digest the registry serves for the tag", async () => {
    assert.match(pushed.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(pushed.ref, `${registry!.server}/${NAME}@${pushed.digest}`);
    const served = await manifest(registry!, NAME, TAG);
    assert.equal(served.digest, pushed.digest, "Docker-Content-Digest of the tag");
    const bodyDigest = `sha256:${createHash("sha256").update(served.body).digest("hex")}`;
    assert.equal(bodyDigest, pushed.digest, "the manifest's own hash");
    const byDigest = await manifest(registry!, NAME, pushed.digest);
    assert.equal(byDigest.digest, pushed.digest);
    console.log(
      `      pushed ${image} → ${pushed.digest} (${served.mediaType}, ${served.body.length} bytes)`,
    );
  });

  it("runs when pulled back by digest, the local copy removed first", async () => {
    await docker(["rmi", image]);
    await docker(["rmi", pushed.ref]).catch(() => undefined);
    await assert.rejects(docker(["image", "inspect", built]), /No such image/i, "the build is gone locally");
    let ctr: Container;
    try {
      ctr = await runContainer(pushed.ref);
    } catch (err) {
      throw new Error(`docker run ${pushed.ref}: ${(err as Error).message}`);
    }
    containers.push(ctr.id);
    try {
      await waitForHealth(ctr.url, ctr.startedAt);
    } catch (err) {
      throw new Error(`${(err as Error).message}\ncontainer logs:\n${await containerLogs(ctr.id)}`);
    }
    assert.equal((await get(`${ctr.url}/health`)).status, 200);
    const ran = (await docker(["inspect", "-f", "{{.Image}}", ctr.id])).stdout.trim();
    assert.equal(ran, built, "the pulled image is the build that was pushed");
  });
});
