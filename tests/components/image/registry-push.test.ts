import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import {
  RegistryPush,
  authFileJson,
  digestRef,
  pushImage,
  pushedDigest,
  registryPushDiff,
  registryPushProvider,
  repoDigestFor,
  repositoryOf,
} from "../../../components/image/registry-push";
import { fakeBin } from "../../helpers/fake-bin";
import { loadSerializedProvider } from "../../helpers/serialized-provider";
import { FakeRunner } from "../../helpers/fake-runner";
import { installMocks, settle } from "../../helpers/pulumi-mocks";

const IMAGE = "registry.example.com:5000/maas/sim:dev";
const D1 = `sha256:${"a".repeat(64)}`;
const D2 = `sha256:${"b".repeat(64)}`;
/** What `docker push` prints (docker/cli's jsonmessage rendering of the push stream's aux PushResult). */
const PUSH_OUTPUT = `The push refers to repository [registry.example.com:5000/maas/sim]\n5f70bf18a086: Pushed\ndev: digest: ${D1} size: 1364\n`;

describe("registry push (components/image/registry-push.ts)", () => {
  it("reads references and digests as Docker prints them", () => {
    assert.equal(repositoryOf(IMAGE), "registry.example.com:5000/maas/sim");
    assert.equal(repositoryOf("localhost:5000/sim"), "localhost:5000/sim");
    assert.equal(repositoryOf(`quay.io/a/b:t@${D1}`), "quay.io/a/b");
    assert.equal(digestRef(IMAGE, D1), `registry.example.com:5000/maas/sim@${D1}`);
    assert.equal(pushedDigest(PUSH_OUTPUT), D1);
    assert.equal(pushedDigest(`${D2}\n`), D2, "podman's digest file");
    assert.equal(pushedDigest("The push refers to repository [x]\nlayer: Pushed\n"), undefined);
    assert.equal(
      repoDigestFor(IMAGE, JSON.stringify([`other/repo@${D2}`, `registry.example.com:5000/maas/sim@${D1}`])),
      D1,
    );
    assert.equal(repoDigestFor(IMAGE, "[]"), undefined);
    assert.equal(repoDigestFor(IMAGE, "not json"), undefined);
  });

  it("Docker with the engine's login: docker push, no auth file, the digest it reports", async () => {
    const runner = new FakeRunner(() => ({ stdout: PUSH_OUTPUT }));
    const digest = await pushImage(runner, {
      image: IMAGE,
      engine: "docker",
      server: "registry.example.com:5000",
    });
    assert.equal(digest, D1);
    assert.deepEqual(runner.lines, [`docker push ${IMAGE}`]);
    assert.deepEqual(runner.calls[0]?.env, {});
  });

  it("Docker with credentials: a temporary DOCKER_CONFIG holding only this registry's auth, removed after", async () => {
    let seen = "";
    let dir = "";
    const runner = new FakeRunner((c) => {
      dir = c.env.DOCKER_CONFIG ?? "";
      seen = readFileSync(path.join(dir, "config.json"), "utf8");
      return { stdout: PUSH_OUTPUT };
    });
    await pushImage(runner, {
      image: IMAGE,
      engine: "docker",
      server: "registry.example.com:5000",
      credentials: { username: "bot", password: "s3cret" },
    });
    assert.deepEqual(JSON.parse(seen), {
      auths: { "registry.example.com:5000": { auth: Buffer.from("bot:s3cret").toString("base64") } },
    });
    assert.ok(!runner.lines[0]?.includes("s3cret"), "the password is not on the command line");
    assert.ok(!existsSync(dir), "the auth file is removed");
    assert.equal(authFileJson("r", { username: "u", password: "p" }), '{"auths":{"r":{"auth":"dTpw"}}}');
  });

  it("falls back to the RepoDigests of the pushed repository when the push prints no digest", async () => {
    const runner = new FakeRunner((c) =>
      c.args[0] === "image"
        ? { stdout: JSON.stringify([`registry.example.com:5000/maas/sim@${D2}`]) }
        : { stdout: "ok\n" },
    );
    assert.equal(await pushImage(runner, { image: IMAGE, engine: "docker", server: "r" }), D2);
    assert.deepEqual(runner.lines[1], `docker image inspect --format {{json .RepoDigests}} ${IMAGE}`);
    const none = new FakeRunner((c) => (c.args[0] === "image" ? { stdout: "[]" } : undefined));
    await assert.rejects(
      pushImage(none, { image: IMAGE, engine: "docker", server: "r" }),
      /reported no digest/,
    );
  });

  it("Podman: --digestfile, and REGISTRY_AUTH_FILE for credentials", async () => {
    const fs = await import("node:fs");
    const runner = new FakeRunner((c) => {
      const file = c.args[c.args.indexOf("--digestfile") + 1] as string;
      fs.writeFileSync(file, D2);
      assert.ok(existsSync(c.env.REGISTRY_AUTH_FILE ?? ""), "the auth file exists while podman runs");
      return undefined;
    });
    const digest = await pushImage(runner, {
      image: IMAGE,
      engine: "podman",
      server: "registry.example.com:5000",
      credentials: { username: "bot", password: "x" },
    });
    assert.equal(digest, D2);
    assert.match(
      runner.lines[0] ?? "",
      /^podman push --digestfile \S+\/digest registry\.example\.com:5000\/maas\/sim:dev$/,
    );
  });

  it("a failed push names the registry and what to check", async () => {
    const runner = new FakeRunner(() => ({ code: 1, stderr: "unauthorized: authentication required" }));
    await assert.rejects(
      pushImage(runner, { image: IMAGE, engine: "docker", server: "registry.example.com:5000" }),
      /unauthorized[\s\S]*docker login registry\.example\.com:5000/,
    );
  });

  it("pushes again when the build, the reference, the registry or the user changes; a new password is stored only", () => {
    const olds = {
      image: IMAGE,
      imageId: "sha256:1",
      engine: "docker" as const,
      server: "r",
      digest: D1,
      ref: "x",
    };
    assert.deepEqual(registryPushDiff(olds, { ...olds }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(registryPushDiff(olds, { ...olds, imageId: "sha256:2" }).replaces, ["imageId"]);
    assert.deepEqual(registryPushDiff(olds, { ...olds, username: "u" }).replaces, ["username"]);
    const pw = registryPushDiff({ ...olds, password: "a" }, { ...olds, password: "b" });
    assert.deepEqual([pw.changes, pw.replaces], [true, []]);
  });

  it("registers a dynamic resource with a secret password whose serialized provider pushes with docker", async () => {
    const mocks = installMocks();
    new RegistryPush("push", {
      image: IMAGE,
      imageId: "sha256:1",
      engine: "docker",
      server: "r",
      username: "u",
      password: "p",
    });
    await settle();
    const [res] = mocks.ofType("pulumi-nodejs:dynamic/maas-kind:RegistryPush");
    assert.ok(res);
    const provider = loadSerializedProvider<pulumi.dynamic.ResourceProvider>(res.inputs.__provider as string);
    const bin = fakeBin({
      docker: `echo "dev: digest: ${D1} size: 1"; test -f "$DOCKER_CONFIG/config.json"`,
    });
    try {
      const created = await bin.withPath(() =>
        provider.create!({
          image: IMAGE,
          imageId: "sha256:1",
          engine: "docker",
          server: "r",
          username: "u",
          password: "p",
        }),
      );
      assert.equal(created.outs.digest, D1);
      assert.equal(created.outs.ref, `registry.example.com:5000/maas/sim@${D1}`);
      assert.deepEqual(bin.calls(), [`docker push ${IMAGE}`]);
    } finally {
      bin.remove();
    }
    // The default provider is the real one: registryPushProvider() with the process runner.
    assert.equal(typeof registryPushProvider().create, "function");
  });
});
