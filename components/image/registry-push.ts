/**
 * Pushes a locally built image to a registry and reports the digest the registry stores it under, so that pods
 * run `<repository>@sha256:…`, never a tag that can move; and the Pulumi dynamic provider that pushes again only
 * when the build, the reference, the engine, the registry or the user changes.
 *
 * The digest is the one the engine's push reports: Docker's push stream ends with an aux `PushResult` whose
 * digest the CLI prints as `<tag>: digest: sha256:… size: N`, and Podman writes it to `--digestfile`. This is
 * the digest @pulumi/docker 5.2's `Image.repoDigest` reports for a pushed image (pulumi/pulumi-docker
 * provider/image.go, commit 6e6c5467 "prefer push-response digest for repoDigest output": the aux PushResult,
 * falling back to the local RepoDigests), so both paths pin the same manifest; the fallback here is the same.
 * Pushing ourselves keeps the build (`docker.Image`, skipPush) separate from the push, and makes the push a
 * plain function a CI test runs against a real engine and registry (tests/image/registry.test.ts).
 *
 * Credentials, when configured, go to the engine through a temporary auth file (`DOCKER_CONFIG` for Docker,
 * `REGISTRY_AUTH_FILE` for Podman), never on a command line and never into the user's own login; without them
 * the engine's own login is used. Everything runs through a `Runner`; Node built-ins are required inside
 * function bodies, because Pulumi serializes the provider's code into the state.
 */
import type * as nodeFs from "node:fs";
import type * as nodeOs from "node:os";
import type * as nodePath from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ContainerEngine } from "../exec/kind-cli";
import type { Runner } from "../exec/runner";
import { processRunner, runChecked } from "../exec/runner";

/** Registry credentials. */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/** What to push where. */
export interface PushSpec {
  /** Local image reference, `<registry>/<path>:<tag>`, as built. */
  readonly image: string;
  readonly engine: ContainerEngine;
  /** Registry host[:port] the reference names. */
  readonly server: string;
  /** Credentials; undefined → the engine's own login. */
  readonly credentials?: RegistryCredentials | undefined;
}

/** An image reference without its tag or digest: `registry:5000/a/b:t` → `registry:5000/a/b`. */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf("@");
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(":");
  return colon > noDigest.lastIndexOf("/") ? noDigest.slice(0, colon) : noDigest;
}

/** `<repository>@<digest>`: the reference pods run. */
export function digestRef(image: string, digest: string): string {
  return `${repositoryOf(image)}@${digest}`;
}

const DIGEST = /sha256:[0-9a-f]{64}/;

/** The digest in `docker push`'s last `digest: sha256:…` line (or in Podman's digest file); undefined if none. */
export function pushedDigest(output: string): string | undefined {
  const lines = output
    .split("\n")
    .filter((l) => /\bdigest: sha256:[0-9a-f]{64}\b/.test(l) || DIGEST.test(l.trim()));
  const last = lines[lines.length - 1];
  return last === undefined ? undefined : DIGEST.exec(last)?.[0];
}

/** The digest among `docker image inspect`'s RepoDigests (a JSON list) for the image's repository. */
export function repoDigestFor(image: string, repoDigestsJson: string): string | undefined {
  let list: unknown;
  try {
    list = JSON.parse(repoDigestsJson);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const repo = repositoryOf(image);
  for (const entry of list) {
    if (typeof entry === "string" && entry.startsWith(`${repo}@`)) return DIGEST.exec(entry)?.[0];
  }
  return undefined;
}

/** An auth file both engines read (`config.json` / `auth.json`): base64 `user:password` for the server. */
export function authFileJson(server: string, credentials: RegistryCredentials): string {
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  return JSON.stringify({ auths: { [server]: { auth } } });
}

/** The push command for an engine; Podman writes the digest to `digestFile`. */
export function pushCommand(engine: ContainerEngine, image: string, digestFile: string): [string, string[]] {
  return engine === "podman"
    ? ["podman", ["push", "--digestfile", digestFile, image]]
    : ["docker", ["push", image]];
}

/**
 * Pushes the image and returns the registry's digest of it (`sha256:…`). With credentials, the engine reads
 * them from a temporary auth file that is always removed.
 */
export async function pushImage(runner: Runner, spec: PushSpec): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("node:fs") as typeof nodeFs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require("node:os") as typeof nodeOs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("node:path") as typeof nodePath;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maas-kind-push-"));
  try {
    const env: Record<string, string> = {};
    if (spec.credentials !== undefined) {
      const file = path.join(dir, spec.engine === "podman" ? "auth.json" : "config.json");
      fs.writeFileSync(file, authFileJson(spec.server, spec.credentials), { mode: 0o600 });
      if (spec.engine === "podman") env.REGISTRY_AUTH_FILE = file;
      else env.DOCKER_CONFIG = dir;
    }
    const digestFile = path.join(dir, "digest");
    const [cmd, args] = pushCommand(spec.engine, spec.image, digestFile);
    const out = await runChecked(runner, cmd, args, {
      env,
      hint:
        `Could not push ${spec.image} to ${spec.server}: is the registry reachable from this machine, and ` +
        (spec.credentials !== undefined
          ? `are maas-kind:registryUsername/registryPassword valid for it?`
          : `is \`${spec.engine} login ${spec.server}\` done (or set maas-kind:registryUsername/registryPassword)?`),
    });
    const reported =
      spec.engine === "podman" && fs.existsSync(digestFile)
        ? pushedDigest(fs.readFileSync(digestFile, "utf8"))
        : pushedDigest(out);
    if (reported !== undefined) return reported;
    const inspect = await runChecked(runner, spec.engine, [
      "image",
      "inspect",
      "--format",
      "{{json .RepoDigests}}",
      spec.image,
    ]);
    const local = repoDigestFor(spec.image, inspect);
    if (local === undefined) {
      throw new Error(
        `${spec.engine} pushed ${spec.image} but reported no digest for ${repositoryOf(spec.image)}`,
      );
    }
    return local;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Inputs of the RegistryPush resource. */
export interface RegistryPushInputs {
  /** Local image reference, `<registry>/<path>:<tag>`. */
  readonly image: string;
  /** Local image id (`sha256:…`): a new id means a new build to push. */
  readonly imageId: string;
  readonly engine: ContainerEngine;
  readonly server: string;
  readonly username?: string;
  /** A secret. */
  readonly password?: string;
}

/** State of a RegistryPush: its inputs, the pushed digest and the reference pods run. */
export interface RegistryPushState extends RegistryPushInputs {
  /** `sha256:…` as the registry serves it. */
  readonly digest: string;
  /** `<repository>@<digest>`. */
  readonly ref: string;
}

const TRIGGERS = ["image", "imageId", "engine", "server", "username"] as const;

/** Replacement (= a new push) when the build, the reference, the engine, the registry or the user changed. */
export function registryPushDiff(
  olds: Partial<RegistryPushState>,
  news: RegistryPushInputs,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = TRIGGERS.filter((k) => (olds[k] ?? "") !== (news[k] ?? ""));
  const changes = replaces.length > 0 || (olds.password ?? "") !== (news.password ?? "");
  return { changes, replaces, deleteBeforeReplace: false };
}

/**
 * The dynamic provider: create = push; diff = `registryPushDiff` (a new password alone is stored, not
 * pushed); delete = nothing (the image stays in the registry, where other deployments may still pull it by
 * digest). `makeRunner` is injectable for tests.
 */
export function registryPushProvider(
  makeRunner: () => Runner = processRunner,
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: RegistryPushInputs) {
      const credentials =
        inputs.username !== undefined && inputs.password !== undefined
          ? { username: inputs.username, password: inputs.password }
          : undefined;
      const digest = await pushImage(makeRunner(), {
        image: inputs.image,
        engine: inputs.engine,
        server: inputs.server,
        credentials,
      });
      const ref = digestRef(inputs.image, digest);
      return { id: ref, outs: { ...inputs, digest, ref } };
    },
    async diff(_id: string, olds: RegistryPushState, news: RegistryPushInputs) {
      return registryPushDiff(olds, news);
    },
    async update(_id: string, olds: RegistryPushState, news: RegistryPushInputs) {
      return { outs: { ...news, digest: olds.digest, ref: olds.ref } };
    },
    async delete() {
      // Nothing to undo: pushed images stay in the registry.
    },
  };
}

const defaultProvider = registryPushProvider();

/** Arguments of a RegistryPush. */
export interface RegistryPushArgs {
  /** Local image reference, `<registry>/<path>:<tag>`. */
  readonly image: pulumi.Input<string>;
  /** Local image id; a change pushes again. */
  readonly imageId: pulumi.Input<string>;
  /** Engine holding the image. */
  readonly engine: pulumi.Input<ContainerEngine>;
  /** Registry host[:port]. */
  readonly server: pulumi.Input<string>;
  /** Registry user; with `password`, the push uses these instead of the engine's login. */
  readonly username?: pulumi.Input<string>;
  /** Registry password or token (kept as a secret). */
  readonly password?: pulumi.Input<string>;
}

/** The image, pushed; `ref` is `<repository>@<digest>`. */
export class RegistryPush extends pulumi.dynamic.Resource {
  declare readonly image: pulumi.Output<string>;
  declare readonly digest: pulumi.Output<string>;
  declare readonly ref: pulumi.Output<string>;

  constructor(name: string, args: RegistryPushArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      {
        ...args,
        ...(args.password !== undefined ? { password: pulumi.secret(args.password) } : {}),
        digest: undefined,
        ref: undefined,
      },
      { ...opts, additionalSecretOutputs: ["password"] },
      "maas-kind",
      "RegistryPush",
    );
  }
}
