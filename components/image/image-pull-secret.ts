/**
 * ImagePullSecret: the registry credentials as a `kubernetes.io/dockerconfigjson` Secret in the models'
 * namespace, which the model pods name in `imagePullSecrets` when registry delivery has credentials. The
 * `.dockerconfigjson` content is a Pulumi secret, so it is encrypted in the state and masked in previews.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { authFileJson } from "./registry-push";

/** Name of the pull Secret in the models' namespace. */
export const PULL_SECRET_NAME = "maas-kind-registry";

/** Arguments of ImagePullSecret. */
export interface ImagePullSecretArgs {
  /** Kubernetes provider. */
  readonly provider: k8s.Provider;
  /** Namespace of the pods that pull. */
  readonly namespace: pulumi.Input<string>;
  /** Registry host[:port], as the image references name it. */
  readonly server: string;
  readonly username: pulumi.Input<string>;
  /** Password or token; kept secret. */
  readonly password: pulumi.Input<string>;
}

/** The pull Secret; `name` is what pods list in `imagePullSecrets`. */
export class ImagePullSecret extends pulumi.ComponentResource {
  /** The Secret's name. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: ImagePullSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:image:ImagePullSecret", name, {}, opts);
    const config = pulumi
      .all([args.username, args.password])
      .apply(([username, password]) => authFileJson(args.server, { username, password }));
    const secret = new k8s.core.v1.Secret(
      name,
      {
        metadata: { name: PULL_SECRET_NAME, namespace: args.namespace },
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": pulumi.secret(config) },
      },
      { parent: this, provider: args.provider },
    );
    this.name = secret.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
