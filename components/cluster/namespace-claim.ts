/**
 * NamespaceClaim: a namespace the stack needs, with ownership decided once and recorded in the state (as the
 * KindClusterInstance does for the cluster):
 *
 * - create: if the namespace exists (a MaaS Kind install made `llm`; maas-api made a tier namespace), the stack
 *   **reuses** it (`created: false`); otherwise it creates it with the stack's labels (`created: true`).
 * - delete (`pulumi destroy`): `kubectl delete namespace` only if the stack created it. A reused namespace, and
 *   with it everything the platform keeps there, is never deleted; the stack's own objects in it are deleted
 *   one by one by their own resources.
 * - diff: another name or cluster context replaces the claim; labels only apply to a namespace it creates.
 * - read (`pulumi refresh`): a namespace that is gone drops the claim from the state (an empty id, as the
 *   provider protocol's ReadResponse says a missing resource), so the next `up` claims it again; one that
 *   exists keeps its recorded ownership.
 *
 * kubectl goes through a `Runner`; Node built-ins are required inside function bodies because Pulumi
 * serializes this provider into the state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KubeTarget } from "../exec/kubectl";
import { kubectlTargetArgs, withKubeconfigPath } from "../exec/kubectl";
import type { Runner } from "../exec/runner";
import { processRunner, runChecked } from "../exec/runner";

/** How long `destroy` waits for a namespace the stack created to be gone. */
export const NAMESPACE_DELETE_TIMEOUT = "300s";

/** Inputs of a NamespaceClaim. */
export interface NamespaceClaimInputs extends KubeTarget {
  /** The namespace. */
  readonly name: string;
  /** Labels of the namespace if the stack creates it. */
  readonly labels: Readonly<Record<string, string>>;
}

/** State of a NamespaceClaim: its inputs and whether the stack created the namespace (and so deletes it). */
export interface NamespaceClaimState extends NamespaceClaimInputs {
  readonly created: boolean;
}

async function kubectl(
  runner: Runner,
  target: KubeTarget,
  args: readonly string[],
  hint: string,
  input?: string,
): Promise<string> {
  return withKubeconfigPath(target.kubeconfig, (path) =>
    runChecked(runner, "kubectl", [...kubectlTargetArgs(target.context, path), ...args], {
      ...(input !== undefined ? { input } : {}),
      hint,
    }),
  );
}

/** Reuses the namespace if it exists, creates it otherwise; returns the state recording which. */
export async function claimNamespace(
  runner: Runner,
  inputs: NamespaceClaimInputs,
): Promise<NamespaceClaimState> {
  const hint =
    `Claiming namespace ${inputs.name} on context ${inputs.context} failed (the stack reuses it if it exists, ` +
    `else creates it); check that the cluster is reachable and that you may get and create namespaces.`;
  const found = await kubectl(
    runner,
    inputs,
    ["get", "namespace", inputs.name, "--ignore-not-found", "-o", "name"],
    hint,
  );
  if (found.trim() !== "") return { ...inputs, created: false };
  const manifest = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: inputs.name, labels: { ...inputs.labels } },
  };
  await kubectl(runner, inputs, ["create", "-f", "-"], hint, JSON.stringify(manifest));
  return { ...inputs, created: true };
}

/** Whether the namespace exists. */
export async function namespaceExists(runner: Runner, target: NamespaceClaimInputs): Promise<boolean> {
  const found = await kubectl(
    runner,
    target,
    ["get", "namespace", target.name, "--ignore-not-found", "-o", "name"],
    `Reading namespace ${target.name} on context ${target.context} failed; check that the cluster is reachable ` +
      `and that you may get namespaces.`,
  );
  return found.trim() !== "";
}

/** Deletes the namespace if the stack created it; returns what it did. */
export async function releaseNamespace(
  runner: Runner,
  state: NamespaceClaimState,
): Promise<"deleted" | "kept"> {
  if (state.created !== true) return "kept";
  await kubectl(
    runner,
    state,
    [
      "delete",
      "namespace",
      state.name,
      "--ignore-not-found",
      "--wait=true",
      `--timeout=${NAMESPACE_DELETE_TIMEOUT}`,
    ],
    `Deleting namespace ${state.name}, which this stack created, failed; delete it with \`kubectl --context ` +
      `${state.context} delete namespace ${state.name}\` if it is no longer needed.`,
  );
  return "deleted";
}

/** Replace for another namespace or cluster context; nothing else changes the namespace. */
export function namespaceClaimDiff(
  olds: Partial<NamespaceClaimState>,
  news: NamespaceClaimInputs,
): pulumi.dynamic.DiffResult {
  const replaces = (["name", "context"] as const).filter((k) => olds[k] !== news[k]);
  const changes = replaces.length > 0 || (olds.kubeconfig ?? "") !== (news.kubeconfig ?? "");
  return { changes, replaces, deleteBeforeReplace: true };
}

/** The dynamic provider; `makeRunner` is injectable for tests. */
export function namespaceClaimProvider(
  makeRunner: () => Runner = processRunner,
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: NamespaceClaimInputs) {
      return { id: inputs.name, outs: await claimNamespace(makeRunner(), inputs) };
    },
    async diff(_id: string, olds: NamespaceClaimState, news: NamespaceClaimInputs) {
      return namespaceClaimDiff(olds, news);
    },
    async update(_id: string, olds: NamespaceClaimState, news: NamespaceClaimInputs) {
      // Only a new kubeconfig for the same cluster gets here: record it, keep the ownership decided at create.
      return { outs: { ...news, created: olds.created } };
    },
    async read(id: string, props: NamespaceClaimState) {
      return (await namespaceExists(makeRunner(), props)) ? { id, props } : { id: "", props };
    },
    async delete(_id: string, props: NamespaceClaimState) {
      await releaseNamespace(makeRunner(), props);
    },
  };
}

const defaultProvider = namespaceClaimProvider();

/** Arguments of a NamespaceClaim. */
export interface NamespaceClaimArgs {
  readonly name: pulumi.Input<string>;
  readonly labels: pulumi.Input<Record<string, string>>;
  /** Cluster the namespace lives in (the provider's context and kubeconfig). */
  readonly context: pulumi.Input<string>;
  readonly kubeconfig?: pulumi.Input<string>;
}

/** A namespace, reused if it exists and created (and deleted on destroy) otherwise. */
export class NamespaceClaim extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  /** True if the stack created the namespace (and deletes it on destroy). */
  declare readonly created: pulumi.Output<boolean>;

  constructor(name: string, args: NamespaceClaimArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      {
        ...args,
        ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
        created: undefined,
      },
      { ...opts, additionalSecretOutputs: ["kubeconfig"] },
      "maas-kind",
      "NamespaceClaim",
    );
  }
}
