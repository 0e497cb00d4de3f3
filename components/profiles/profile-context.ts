/**
 * What index.ts hands a platform profile once the shared steps are done (config, provider, cluster preflight,
 * image, namespaces, pull secret), and what a profile gives back: its part of the stack outputs.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config";
import type { ProgramOutputs } from "../outputs/stack-outputs";

/** The shared objects a profile composes with. */
export interface ProfileContext {
  readonly config: StackConfig;
  /** The one Kubernetes provider. */
  readonly provider: k8s.Provider;
  /** The cluster the dynamic resources talk to (the provider's context and kubeconfig). */
  readonly kube: { readonly context: pulumi.Input<string>; readonly kubeconfig?: pulumi.Input<string> };
  /** What every object on the cluster waits for (the cluster preflight, when it runs). */
  readonly afterPreflight: readonly pulumi.Resource[];
  /** The Gateway API CRDs, when the stack installs them. */
  readonly gatewayApi?: pulumi.Resource;
  /** kserve mode: the container name KServe's LLM template in effect merges into (the cluster preflight's). */
  readonly containerName?: pulumi.Output<string | undefined>;
  /** The simulator image: reference and id. */
  readonly image: { readonly ref: pulumi.Output<string>; readonly id: pulumi.Output<string> };
  /** The namespaces, as claimed. */
  readonly namespaces: {
    readonly resource: pulumi.Resource;
    readonly models: pulumi.Output<string>;
    readonly tiers: Readonly<Record<string, pulumi.Output<string>>>;
  };
  /** Name of the image pull secret in the models namespace, when registry credentials are configured. */
  readonly pullSecret?: pulumi.Output<string>;
}

/** The outputs a profile produces. */
export type ProfileOutputs = Pick<ProgramOutputs, "models" | "tiers" | "tokens" | "apiKeys">;
