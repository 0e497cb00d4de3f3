/** Namespaces: the models namespace (`llm`) and the users namespace (`maas-api`), with the MaaS label. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PART_OF_MAAS } from "../models/workload-spec";

/** Arguments of Namespaces. */
export interface NamespacesArgs {
  /** Kubernetes provider for every object. */
  readonly provider: k8s.Provider;
  /** Namespace of the models (LLMInferenceServices, Services, Roles, HTTPRoutes). */
  readonly models: string;
  /** Namespace of the users (the tier ServiceAccounts). */
  readonly users: string;
}

/** The two namespaces the stack owns. */
export class Namespaces extends pulumi.ComponentResource {
  /** Name of the models namespace, as created. */
  readonly models: pulumi.Output<string>;
  /** Name of the users namespace, as created. */
  readonly users: pulumi.Output<string>;

  constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:cluster:Namespaces", name, {}, opts);
    const ns = (key: string, nsName: string) =>
      new k8s.core.v1.Namespace(
        `${name}-${key}`,
        { metadata: { name: nsName, labels: { ...PART_OF_MAAS } } },
        { parent: this, provider: args.provider },
      );
    this.models = ns("models", args.models).metadata.name;
    this.users = ns("users", args.users).metadata.name;
    this.registerOutputs({ models: this.models, users: this.users });
  }
}
