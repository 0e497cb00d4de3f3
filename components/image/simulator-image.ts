/**
 * SimulatorImage: builds the simulator image into the local engine (never pushed) under the stack's tag, and
 * loads it into the Kind cluster whenever the image id or the cluster changes.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ContainerEngine } from "../exec/kind-cli";
import { KindImageLoad } from "./kind-image-load";

/** Arguments of SimulatorImage. */
export interface SimulatorImageArgs {
  /** Image reference to build and run, `repository:tag` (never `latest`). */
  readonly ref: string;
  /** Build context: the repository root (the Dockerfile copies package files and `simulator/`). */
  readonly context: string;
  /** Dockerfile path, relative to the Pulumi project directory. */
  readonly dockerfile: string;
  /** `BASE_IMAGE` build argument; undefined → the Dockerfile's default Node image. */
  readonly baseImage?: string;
  /** Kind cluster to load the image into. */
  readonly cluster: pulumi.Input<string>;
  /** Optional cluster-instance identity; a change reloads the image. */
  readonly clusterId?: pulumi.Input<string>;
  /** Engine that builds the image and runs Kind. */
  readonly engine: ContainerEngine;
}

/** The simulator image, built and loaded into Kind. */
export class SimulatorImage extends pulumi.ComponentResource {
  /** Image reference pods should run; resolves only once the image is loaded into the cluster. */
  readonly ref: pulumi.Output<string>;
  /** Image id (`sha256:…`) of the build that was loaded. */
  readonly id: pulumi.Output<string>;

  constructor(name: string, args: SimulatorImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:image:SimulatorImage", name, {}, opts);
    const image = new docker.Image(
      name,
      {
        imageName: args.ref,
        skipPush: true,
        build: {
          context: args.context,
          dockerfile: args.dockerfile,
          ...(args.baseImage !== undefined ? { args: { BASE_IMAGE: args.baseImage } } : {}),
          // Podman's Docker-compatible API has no BuildKit sessions; its classic build runs on Buildah.
          ...(args.engine === "podman" ? { builderVersion: "BuilderV1" as const } : {}),
        },
      },
      { parent: this },
    );
    const load = new KindImageLoad(
      `${name}-kind-load`,
      {
        image: image.imageName,
        // For a local (skipPush) build, repoDigest is the local image id.
        imageId: image.repoDigest,
        cluster: args.cluster,
        engine: args.engine,
        ...(args.clusterId !== undefined ? { clusterId: args.clusterId } : {}),
      },
      { parent: this },
    );
    this.ref = load.image;
    this.id = load.imageId;
    this.registerOutputs({ ref: this.ref, id: this.id });
  }
}
