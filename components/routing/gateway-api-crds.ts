/**
 * GatewayApiCrds: the Gateway API's standard-channel CRDs (Gateway, GatewayClass, HTTPRoute, GRPCRoute,
 * ReferenceGrant) from a release's `standard-install.yaml`, applied through the stack's Kubernetes provider, so
 * that HTTPRoutes can be created on a bare Kind cluster. Only for clusters that do not have them: on a cluster
 * where something else installed them (KServe, Istio), leave `gatewayApi.install` off. `pulumi destroy` removes
 * them again, and with them every Gateway API object on the cluster.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of GatewayApiCrds. */
export interface GatewayApiCrdsArgs {
  /** Kubernetes provider for the CRDs. */
  readonly provider: k8s.Provider;
  /** Release tag, e.g. `v1.2.1` (for the component's outputs). */
  readonly version: string;
  /** The release's `standard-install.yaml` URL (or a local copy). */
  readonly manifest: string;
}

/** The Gateway API standard CRDs. */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** The installed release. */
  readonly version: string;

  constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:routing:GatewayApiCrds", name, {}, opts);
    new k8s.yaml.v2.ConfigFile(
      `${name}-standard-install`,
      { file: args.manifest },
      { parent: this, provider: args.provider },
    );
    this.version = args.version;
    this.registerOutputs({ version: this.version });
  }
}
