/**
 * The Kind cluster's lifecycle as a Pulumi dynamic provider, with ownership recorded in the state:
 *
 * - create: if the cluster exists, **adopt** it (`created: false`); otherwise `kind create cluster --config -`
 *   with the MaaS layout (`created: true`). Either way read its kubeconfig (`kind get kubeconfig`).
 * - delete (`pulumi destroy`, or the resource leaving the program): `kind delete cluster` only if the stack
 *   created it; an adopted cluster is never deleted.
 * - diff: another name or engine replaces; another layout replaces a cluster the stack created (kind cannot
 *   change port mappings or the node image of a running cluster) and is only recorded for an adopted one.
 * - read (`pulumi refresh`): a vanished cluster leaves the state; a cluster re-created outside the stack gets
 *   a new identity and is no longer considered created by the stack.
 *
 * The cluster's identity is a hash of its CA certificate (new for every `kind create cluster`), so the image
 * loader reloads the image into a re-created cluster. Every command goes through a `Runner`; the functions
 * require Node built-ins inside their bodies because Pulumi serializes the provider into the state.
 */
import type * as nodeCrypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ContainerEngine } from "../exec/kind-cli";
import { kindContext, kindEnv, listKindClusters } from "../exec/kind-cli";
import type { Runner } from "../exec/runner";
import { processRunner, runChecked } from "../exec/runner";

/** How long `kind create cluster` waits for the control plane to be Ready. */
export const KIND_CREATE_WAIT = "120s";

/** Inputs of the KindClusterInstance resource. */
export interface KindClusterInstanceInputs {
  /** Cluster name. */
  readonly name: string;
  /** Engine running the nodes. */
  readonly engine: ContainerEngine;
  /** The kind configuration (YAML) a created cluster gets. */
  readonly config: string;
}

/** State of a KindClusterInstance: its inputs plus what the cluster turned out to be. */
export interface KindClusterInstanceState extends KindClusterInstanceInputs {
  /** True if the stack created the cluster (and so deletes it on destroy); false if it adopted it. */
  readonly created: boolean;
  /** kubeconfig context (`kind-<name>`). */
  readonly context: string;
  /** kubeconfig of the cluster (a secret output). */
  readonly kubeconfig: string;
  /** Identity of this instance of the cluster: changes when the cluster is re-created. */
  readonly clusterId: string;
}

/** `kind create cluster` arguments; the configuration comes on standard input. */
export function createClusterArgs(name: string): string[] {
  return ["create", "cluster", "--name", name, "--config", "-", "--wait", KIND_CREATE_WAIT];
}

/** `kind delete cluster` arguments. */
export function deleteClusterArgs(name: string): string[] {
  return ["delete", "cluster", "--name", name];
}

/**
 * Identity of a cluster instance from its kubeconfig: `ca-` + the first 16 hex digits of the SHA-256 of its
 * `certificate-authority-data` (each `kind create cluster` generates a new CA), or of the whole kubeconfig if
 * it has none.
 */
export function clusterIdentity(kubeconfig: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require("node:crypto") as typeof nodeCrypto;
  const ca = /certificate-authority-data:\s*(\S+)/.exec(kubeconfig)?.[1];
  return `ca-${crypto
    .createHash("sha256")
    .update(ca ?? kubeconfig)
    .digest("hex")
    .slice(0, 16)}`;
}

/** The kubeconfig kind writes for cluster `name` (`kind get kubeconfig`); an error when it prints none. */
export async function readKubeconfig(runner: Runner, name: string, engine: ContainerEngine): Promise<string> {
  const kubeconfig = await runChecked(runner, "kind", ["get", "kubeconfig", "--name", name], {
    env: kindEnv(engine),
  });
  if (!/\bclusters:/.test(kubeconfig)) {
    throw new Error(`\`kind get kubeconfig --name ${name}\` printed no kubeconfig`);
  }
  return kubeconfig;
}

const KIND_HINT =
  "kind and a running container engine are needed to create or adopt the Kind cluster; `npm run doctor` " +
  "checks them (docs/operations.md, Troubleshooting).";

/**
 * Adopts the cluster if it exists, else creates it with `inputs.config`; then reads its kubeconfig. If reading
 * fails after a create, the new cluster is deleted again so that a failed create leaves nothing behind.
 */
export async function createOrAdopt(
  runner: Runner,
  inputs: KindClusterInstanceInputs,
): Promise<KindClusterInstanceState> {
  const env = kindEnv(inputs.engine);
  const exists = (await listKindClusters(runner, inputs.engine, KIND_HINT)).includes(inputs.name);
  if (!exists) {
    await runChecked(runner, "kind", createClusterArgs(inputs.name), {
      env,
      input: inputs.config,
      hint:
        `Creating the Kind cluster "${inputs.name}" failed. If a host port is taken ("address already in ` +
        `use"), move the gateway's ports with maas-kind:kind.httpPort / kind.httpsPort (e.g. 8080 / 8443).`,
    });
  }
  let kubeconfig: string;
  try {
    kubeconfig = await readKubeconfig(runner, inputs.name, inputs.engine);
  } catch (e) {
    if (!exists) {
      // Roll back the cluster this create made; if that fails too, say so: the next up would adopt it.
      const cleanup = await runner.run("kind", deleteClusterArgs(inputs.name), { env });
      if (cleanup.code !== 0 && e instanceof Error) {
        e.message +=
          `\nThe cluster "${inputs.name}" created for this stack could not be deleted again and was left ` +
          `behind (${cleanup.stderr.trim() || `exit code ${cleanup.code}`}); delete it with ` +
          `\`kind delete cluster --name ${inputs.name}\` before the next \`npm run up\`.`;
      }
    }
    throw e;
  }
  return {
    ...inputs,
    created: !exists,
    context: kindContext(inputs.name),
    kubeconfig,
    clusterId: clusterIdentity(kubeconfig),
  };
}

/** Deletes the cluster if the stack created it; returns what it did. An adopted cluster is always kept. */
export async function deleteIfCreated(
  runner: Runner,
  state: KindClusterInstanceState,
): Promise<"deleted" | "kept"> {
  if (state.created !== true) return "kept";
  await runChecked(runner, "kind", deleteClusterArgs(state.name), { env: kindEnv(state.engine) });
  return "deleted";
}

/**
 * The cluster as it is now: undefined if it no longer exists; otherwise the state with a fresh kubeconfig and
 * identity. A cluster whose identity changed was re-created outside the stack: it is no longer the stack's.
 */
export async function readCluster(
  runner: Runner,
  state: KindClusterInstanceState,
): Promise<KindClusterInstanceState | undefined> {
  if (!(await listKindClusters(runner, state.engine, KIND_HINT)).includes(state.name)) return undefined;
  const kubeconfig = await readKubeconfig(runner, state.name, state.engine);
  const clusterId = clusterIdentity(kubeconfig);
  return {
    ...state,
    kubeconfig,
    clusterId,
    created: state.created === true && clusterId === state.clusterId,
  };
}

/**
 * Replace for another name or engine, or for another layout of a cluster the stack created (the old one is
 * deleted first: it holds the host ports). Another layout of an adopted cluster is an update that only records
 * it: the stack never re-creates a cluster it does not own.
 */
export function kindClusterInstanceDiff(
  olds: Partial<KindClusterInstanceState>,
  news: KindClusterInstanceInputs,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = (["name", "engine"] as const).filter((k) => olds[k] !== news[k]);
  const layoutChanged = olds.config !== news.config;
  if (layoutChanged && olds.created === true) replaces.push("config");
  return { changes: replaces.length > 0 || layoutChanged, replaces, deleteBeforeReplace: true };
}

/** The dynamic provider; `makeRunner` is injectable for tests. */
export function kindClusterInstanceProvider(
  makeRunner: () => Runner = processRunner,
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: KindClusterInstanceInputs) {
      const state = await createOrAdopt(makeRunner(), inputs);
      return { id: inputs.name, outs: state };
    },
    async diff(_id: string, olds: KindClusterInstanceState, news: KindClusterInstanceInputs) {
      return kindClusterInstanceDiff(olds, news);
    },
    async update(_id: string, olds: KindClusterInstanceState, news: KindClusterInstanceInputs) {
      // Only an adopted cluster's layout gets here (see kindClusterInstanceDiff): record it, touch nothing.
      return { outs: { ...olds, config: news.config } };
    },
    async read(id: string, props: KindClusterInstanceState) {
      const state = await readCluster(makeRunner(), props);
      return state ? { id, props: state } : { id: "", props: {} };
    },
    async delete(_id: string, props: KindClusterInstanceState) {
      await deleteIfCreated(makeRunner(), props);
    },
  };
}

const defaultProvider = kindClusterInstanceProvider();

/** Arguments of a KindClusterInstance. */
export interface KindClusterInstanceArgs {
  readonly name: pulumi.Input<string>;
  readonly engine: pulumi.Input<ContainerEngine>;
  /** The kind configuration (YAML) used if the cluster has to be created. */
  readonly config: pulumi.Input<string>;
}

/** The Kind cluster, created or adopted; its kubeconfig is a secret output. */
export class KindClusterInstance extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly created: pulumi.Output<boolean>;
  declare readonly context: pulumi.Output<string>;
  declare readonly kubeconfig: pulumi.Output<string>;
  declare readonly clusterId: pulumi.Output<string>;

  constructor(name: string, args: KindClusterInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      { ...args, created: undefined, context: undefined, kubeconfig: undefined, clusterId: undefined },
      {
        ...opts,
        additionalSecretOutputs: ["kubeconfig"],
        // Registered as `KindCluster` before the type token followed the class name: existing stacks keep the resource.
        aliases: [...(opts?.aliases ?? []), { type: "pulumi-nodejs:dynamic/maas-kind:KindCluster" }],
      },
      "maas-kind",
      "KindClusterInstance",
    );
  }
}
