/**
 * The Kind cluster configuration the stack creates clusters with: the MaaS Kind layout (one control-plane node
 * labelled `ingress-ready=true`, the gateway's NodePorts 30080/30443 published on host ports 80/443, pod subnet
 * 10.244.0.0/16, service subnet 10.96.0.0/12), built as data and rendered as YAML for `kind create cluster
 * --config -`. Node image, host ports and listen address are configurable.
 */
import { stringify } from "yaml";

/** NodePort of the gateway's HTTP listener, published on the host's HTTP port. */
export const GATEWAY_HTTP_NODEPORT = 30080;
/** NodePort of the gateway's HTTPS listener, published on the host's HTTPS port. */
export const GATEWAY_HTTPS_NODEPORT = 30443;
/** Pod network of the MaaS Kind layout. */
export const POD_SUBNET = "10.244.0.0/16";
/** Service network of the MaaS Kind layout. */
export const SERVICE_SUBNET = "10.96.0.0/12";
/** Node label that ingress/gateway manifests for Kind select on. */
export const INGRESS_READY_LABEL = { "ingress-ready": "true" } as const;

/** What can vary between clusters the stack creates. */
export interface KindLayout {
  /** Cluster name (`kind … --name`). */
  readonly name: string;
  /** Node image, e.g. `kindest/node:v1.33.1`; undefined → kind's default. */
  readonly nodeImage?: string | undefined;
  /** Host port published to the gateway's HTTP NodePort. */
  readonly httpPort: number;
  /** Host port published to the gateway's HTTPS NodePort. */
  readonly httpsPort: number;
  /** Host address the ports bind to; undefined → kind's default (all addresses). */
  readonly listenAddress?: string | undefined;
}

/** One `extraPortMappings` entry. */
export interface KindPortMapping {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly listenAddress?: string;
  readonly protocol: "TCP";
}

/** One node of a `kind.x-k8s.io/v1alpha4` Cluster. */
export interface KindNode {
  readonly role: "control-plane" | "worker";
  readonly image?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly extraPortMappings: readonly KindPortMapping[];
}

/** A `kind.x-k8s.io/v1alpha4` Cluster, as far as the stack sets it. */
export interface KindClusterConfig {
  readonly kind: "Cluster";
  readonly apiVersion: "kind.x-k8s.io/v1alpha4";
  readonly name: string;
  readonly networking: { readonly podSubnet: string; readonly serviceSubnet: string };
  readonly nodes: readonly KindNode[];
}

/** The Kind cluster configuration of the MaaS layout for `layout`. */
export function kindClusterConfig(layout: KindLayout): KindClusterConfig {
  const mapping = (containerPort: number, hostPort: number): KindPortMapping => ({
    containerPort,
    hostPort,
    ...(layout.listenAddress !== undefined ? { listenAddress: layout.listenAddress } : {}),
    protocol: "TCP",
  });
  return {
    kind: "Cluster",
    apiVersion: "kind.x-k8s.io/v1alpha4",
    name: layout.name,
    networking: { podSubnet: POD_SUBNET, serviceSubnet: SERVICE_SUBNET },
    nodes: [
      {
        role: "control-plane",
        ...(layout.nodeImage !== undefined ? { image: layout.nodeImage } : {}),
        // The v1alpha4 `labels` field (kind ≥ 0.15) rather than a kubeadm patch of kubeletExtraArgs, whose
        // shape changed with kubeadm's v1beta4 config.
        labels: { ...INGRESS_READY_LABEL },
        extraPortMappings: [
          mapping(GATEWAY_HTTP_NODEPORT, layout.httpPort),
          mapping(GATEWAY_HTTPS_NODEPORT, layout.httpsPort),
        ],
      },
    ],
  };
}

/** The configuration rendered as the YAML document `kind create cluster --config -` reads. */
export function kindConfigYaml(layout: KindLayout): string {
  return stringify(kindClusterConfig(layout), { lineWidth: 0 });
}
