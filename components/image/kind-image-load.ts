/**
 * Loads a locally built image into a Kind cluster's nodes, and the Pulumi dynamic provider that does it only
 * when the image id, the image reference, the cluster or the engine changes.
 *
 * Both engines save an archive and load it with `kind load image-archive`, because with Podman
 * (`KIND_EXPERIMENTAL_PROVIDER=podman`) `kind load docker-image` does not work at all. With Docker this is what
 * `kind load docker-image` does itself (kubernetes-sigs/kind v0.32.0: pkg/cmd/kind/load/docker-image `save`, then
 * pkg/cluster/nodeutils `LoadImageArchive`, `ctr images import --all-platforms`), so it shares its failure on
 * Docker's containerd image store with multi-platform images; the simulator image is built for one platform.
 *
 * Every command goes through a `Runner`; the provider's functions require Node built-ins inside their bodies,
 * because Pulumi serializes the provider's code into the state and runs it in another process.
 */
import type * as nodeFs from "node:fs";
import type * as nodeOs from "node:os";
import type * as nodePath from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ContainerEngine } from "../exec/kind-cli";
import { kindEnv, kindEnvPrefix, listKindClusters, outputLines } from "../exec/kind-cli";
import type { Runner } from "../exec/runner";
import { processRunner, runChecked } from "../exec/runner";

/** What to load where. */
export interface ImageLoadSpec {
  /** Image reference (`repository:tag`) as the pods name it. */
  readonly image: string;
  /** Kind cluster name (not the `kind-` context). */
  readonly cluster: string;
  readonly engine: ContainerEngine;
}

/** The command that writes `image` to the tar `archive` with this engine. */
export function saveCommand(engine: ContainerEngine, image: string, archive: string): [string, string[]] {
  return engine === "podman"
    ? ["podman", ["save", "--format", "docker-archive", "-o", archive, image]]
    : ["docker", ["save", "-o", archive, image]];
}

/** Fails with a clear message unless the Kind cluster exists. */
export async function assertClusterExists(runner: Runner, spec: ImageLoadSpec): Promise<void> {
  const clusters = await listKindClusters(
    runner,
    spec.engine,
    "kind and a running container engine are needed to load the simulator image.",
  );
  if (!clusters.includes(spec.cluster)) {
    throw new Error(
      `Kind cluster "${spec.cluster}" not found (existing: ${clusters.join(", ") || "none"}). ` +
        `Create it first, e.g. \`${kindEnvPrefix(spec.engine)}kind create cluster --name ${spec.cluster}\`, ` +
        `let the stack create it (maas-kind:kind.create: true), or set maas-kind:clusterName.`,
    );
  }
}

/** Saves the image to a temporary archive and loads it into every node of the cluster; the archive is always removed. */
export async function loadImageIntoKind(runner: Runner, spec: ImageLoadSpec): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("node:fs") as typeof nodeFs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require("node:os") as typeof nodeOs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("node:path") as typeof nodePath;
  await assertClusterExists(runner, spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maas-kind-image-"));
  try {
    const archive = path.join(dir, "image.tar");
    const [cmd, args] = saveCommand(spec.engine, spec.image, archive);
    await runChecked(runner, cmd, args, { hint: `Was the image ${spec.image} built with ${spec.engine}?` });
    await runChecked(runner, "kind", ["load", "image-archive", archive, "--name", spec.cluster], {
      env: kindEnv(spec.engine),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** True if every node of the cluster has the image (false when the cluster or its nodes are gone). */
export async function imagePresentInCluster(runner: Runner, spec: ImageLoadSpec): Promise<boolean> {
  const nodes = await runner.run("kind", ["get", "nodes", "--name", spec.cluster], {
    env: kindEnv(spec.engine),
  });
  const names = nodes.code === 0 ? outputLines(nodes.stdout) : [];
  if (names.length === 0) return false;
  for (const node of names) {
    const r = await runner.run(spec.engine, ["exec", node, "crictl", "inspecti", spec.image]);
    if (r.code !== 0) return false;
  }
  return true;
}

/** Inputs of the KindImageLoad resource. */
export interface KindImageLoadInputs extends ImageLoadSpec {
  /** Image id (`sha256:…`): a new id means a new build to load. */
  readonly imageId: string;
  /** Optional identity of the cluster instance (e.g. its node container id), so a recreated cluster reloads. */
  readonly clusterId?: string;
}

/** State of a KindImageLoad resource: its inputs plus whether the image was found in the cluster. */
export interface KindImageLoadState extends KindImageLoadInputs {
  readonly loaded: boolean;
}

const TRIGGERS = ["image", "imageId", "cluster", "engine", "clusterId"] as const;

/** Replacement (= a new load) when a trigger changed, or when a refresh found the image missing. */
export function kindImageLoadDiff(
  olds: Partial<KindImageLoadState>,
  news: KindImageLoadInputs,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = TRIGGERS.filter((k) => (olds[k] ?? "") !== (news[k] ?? ""));
  if (olds.loaded === false && !replaces.includes("imageId")) replaces.push("imageId");
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * The dynamic provider: create = load; diff = `kindImageLoadDiff`; read (refresh) = check the nodes still have the
 * image; delete = nothing (the image goes with the cluster). `makeRunner` is injectable for tests.
 */
export function kindImageLoadProvider(
  makeRunner: () => Runner = processRunner,
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: KindImageLoadInputs) {
      await loadImageIntoKind(makeRunner(), inputs);
      return { id: `${inputs.cluster}/${inputs.imageId}`, outs: { ...inputs, loaded: true } };
    },
    async diff(_id: string, olds: KindImageLoadState, news: KindImageLoadInputs) {
      return kindImageLoadDiff(olds, news);
    },
    async read(id: string, props: KindImageLoadState) {
      const loaded = await imagePresentInCluster(makeRunner(), props);
      return { id, props: { ...props, loaded } };
    },
    async delete() {
      // Nothing to undo: the nodes keep the image until the cluster is deleted.
    },
  };
}

const defaultProvider = kindImageLoadProvider();

/** Arguments of a KindImageLoad. */
export interface KindImageLoadArgs {
  /** Image reference (`repository:tag`). */
  readonly image: pulumi.Input<string>;
  /** Image id; a change triggers a reload. */
  readonly imageId: pulumi.Input<string>;
  /** Kind cluster name. */
  readonly cluster: pulumi.Input<string>;
  /** Container engine holding the image and running Kind. */
  readonly engine: pulumi.Input<ContainerEngine>;
  /** Optional cluster-instance identity; a change triggers a reload. */
  readonly clusterId?: pulumi.Input<string>;
}

/** The image, loaded into the Kind cluster's nodes. */
export class KindImageLoad extends pulumi.dynamic.Resource {
  declare readonly image: pulumi.Output<string>;
  declare readonly imageId: pulumi.Output<string>;
  declare readonly cluster: pulumi.Output<string>;
  declare readonly loaded: pulumi.Output<boolean>;

  constructor(name: string, args: KindImageLoadArgs, opts?: pulumi.CustomResourceOptions) {
    super(defaultProvider, name, { ...args, loaded: undefined }, opts, "maas-kind", "KindImageLoad");
  }
}
