/**
 * SimulatorImage: builds the simulator image into the local engine under the stack's tag (for one platform when
 * configured), then delivers it: `kind` loads it into the Kind cluster whenever the image id or the cluster
 * changes, and pods run the tag; `registry` pushes it (RegistryPush) and pods run `<repository>@<digest>`, so
 * no kind command runs and any cluster that can pull from the registry works.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { RegistryConfig } from "../config/stack-config";
import type { ContainerEngine } from "../exec/kind-cli";
import { KindImageLoad } from "./kind-image-load";
import { RegistryPush } from "./registry-push";

/** Registry delivery: where to push, and the credentials (else the engine's own login). */
export interface RegistryDelivery {
  /** Registry host[:port] that `ref` names. */
  readonly server: string;
  readonly username?: pulumi.Input<string>;
  /** A secret. */
  readonly password?: pulumi.Input<string>;
}

/** The registry delivery of the stack's registry config; the password becomes a Pulumi secret. */
export function registryDelivery(registry: RegistryConfig): RegistryDelivery {
  const c = registry.credentials;
  return {
    server: registry.server,
    ...(c !== undefined ? { username: c.username, password: pulumi.secret(c.password) } : {}),
  };
}

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
  /** Kind cluster to load the image into (`kind` delivery; ignored with `registry`). */
  readonly cluster?: pulumi.Input<string>;
  /** Optional cluster-instance identity; a change reloads the image. */
  readonly clusterId?: pulumi.Input<string>;
  /** Engine that builds the image and runs Kind. */
  readonly engine: ContainerEngine;
  /** The one platform to build for (`linux/amd64`); undefined → the engine's own. */
  readonly platform?: string;
  /** Push here instead of loading into Kind; pods then run the image by digest. */
  readonly registry?: RegistryDelivery;
}

/** The simulator image, built and loaded into Kind or pushed to a registry. */
export class SimulatorImage extends pulumi.ComponentResource {
  /**
   * Image reference pods should run: the tag once loaded into Kind, or `<repository>@sha256:…` once pushed;
   * resolves only once the image is delivered.
   */
  readonly ref: pulumi.Output<string>;
  /** The local image id (`sha256:…`) loaded into Kind, or the registry's manifest digest of the push. */
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
          ...(args.platform !== undefined ? { platform: args.platform } : {}),
          // Podman's Docker-compatible API has no BuildKit sessions; its classic build runs on Buildah.
          ...(args.engine === "podman" ? { builderVersion: "BuilderV1" as const } : {}),
        },
      },
      { parent: this },
    );
    if (args.registry !== undefined) {
      const { server, username, password } = args.registry;
      const push = new RegistryPush(
        `${name}-push`,
        {
          image: image.imageName,
          // For a local (skipPush) build, repoDigest is the local image id.
          imageId: image.repoDigest,
          engine: args.engine,
          server,
          ...(username !== undefined && password !== undefined ? { username, password } : {}),
        },
        { parent: this },
      );
      this.ref = push.ref;
      this.id = push.digest;
    } else {
      if (args.cluster === undefined)
        throw new Error(`SimulatorImage ${name}: kind delivery needs a cluster`);
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
    }
    this.registerOutputs({ ref: this.ref, id: this.id });
  }
}
