/**
 * maas-kind: a Models-as-a-Service test environment on a local Kind cluster.
 *
 * A table of contents: validate the config and check the host; then the Kind cluster (created or adopted) and
 * the one Kubernetes provider bound to it, the optional Gateway API CRDs, the cluster preflight; then the
 * simulator image, the namespaces; then the platform profile's objects (`maas-kind:platform`, see
 * components/profiles/): on maas-kind the model storage, an InferenceModel and a ModelRoute per model and the
 * tiers' access; on maas-subscriptions the tiers' accounts and the MaaS custom resources and API keys. The
 * program is an async function, so the host preflight runs before anything is declared; Pulumi calls it without
 * arguments (the real machine), tests pass fakes. It returns the stack outputs, one per key of `StackOutputs`
 * (components/outputs/stack-outputs.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterPreflight, clusterPreflightArgs } from "./components/preflight/cluster-preflight";
import { loadStackConfig } from "./components/config/stack-config";
import { gatewayOutput } from "./components/outputs/endpoints";
import { GatewayApiCrds } from "./components/routing/gateway-api-crds";
import type { HostTools } from "./components/preflight/host-preflight";
import { hostPreflight, liveHostTools } from "./components/preflight/host-preflight";
import { KindCluster, kindClusterArgs } from "./components/cluster/kind-cluster";
import { clusterTarget, kubeProvider } from "./components/cluster/kube-provider";
import { maasKindObjects } from "./components/profiles/maas-kind-objects";
import { maasSubscriptionsObjects } from "./components/profiles/maas-subscriptions-objects";
import type { ProfileContext } from "./components/profiles/profile-context";
import { Namespaces } from "./components/cluster/namespaces";
import type { ProgramOutputs } from "./components/outputs/stack-outputs";
import { ImagePullSecret } from "./components/image/image-pull-secret";
import { SimulatorImage, registryDelivery } from "./components/image/simulator-image";

async function maasKind(host: HostTools = liveHostTools()): Promise<ProgramOutputs> {
  // 1. Configuration, every key validated; then the host (engine, kind, kubectl, ports) before anything is declared.
  const config = loadStackConfig();
  await hostPreflight(config, host);

  // 2. The Kind cluster, created with the MaaS layout or adopted (kind.create), and the one Kubernetes provider
  //    bound to it; without kind.create, the configured context.
  const kind = config.kind.create ? new KindCluster("kind", kindClusterArgs(config)) : undefined;
  const target = clusterTarget(config, kind);
  const provider = kubeProvider("kind", config, target);

  // 3. The Gateway API CRDs, if the stack installs them; then the cluster preflight, which everything on the
  //    cluster waits for.
  const gatewayApi = config.gatewayApi.install
    ? new GatewayApiCrds("gateway-api", {
        provider,
        version: config.gatewayApi.version,
        manifest: config.gatewayApi.manifestUrl,
      })
    : undefined;
  const preflight = config.preflight
    ? new ClusterPreflight("preflight", clusterPreflightArgs(config, target), {
        dependsOn: gatewayApi ? [gatewayApi] : [],
      })
    : undefined;
  preflight?.logWarnings();
  const afterPreflight = preflight ? [preflight] : [];

  // 4. The simulator image, built locally, then loaded into this cluster (again whenever the cluster is new) or,
  //    in registry mode, pushed and run by digest.
  const simulator = new SimulatorImage("simulator", {
    ref: config.image.ref,
    context: ".",
    dockerfile: "simulator/Dockerfile",
    baseImage: config.image.baseImage,
    engine: config.cluster.containerEngine,
    ...(config.image.platform !== undefined ? { platform: config.image.platform } : {}),
    ...(config.registry !== undefined
      ? { registry: registryDelivery(config.registry) }
      : {
          cluster: target.name,
          ...(target.clusterId !== undefined ? { clusterId: target.clusterId } : {}),
        }),
  });

  // 5. Namespaces (models, and one per tier: a tier's identity is its namespace's group), and the image pull
  //    secret of registry mode.
  const kube = {
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
  };
  const namespaces = new Namespaces(
    "namespaces",
    { kube, models: config.namespaces.models, tiers: config.namespaces.tiers },
    { dependsOn: afterPreflight },
  );
  const pullSecret =
    config.registry?.credentials !== undefined
      ? new ImagePullSecret(
          "registry-pull-secret",
          {
            provider,
            namespace: namespaces.models,
            server: config.registry.server,
            ...config.registry.credentials,
          },
          { dependsOn: afterPreflight },
        )
      : undefined;

  // 6. The profile's models, routes, tiers, access and tokens (components/profiles/).
  const context: ProfileContext = {
    config,
    provider,
    kube,
    afterPreflight,
    ...(gatewayApi ? { gatewayApi } : {}),
    ...(preflight ? { containerName: preflight.containerName } : {}),
    image: { ref: simulator.ref, id: simulator.id },
    namespaces: { resource: namespaces, models: namespaces.models, tiers: namespaces.tiers },
    ...(pullSecret ? { pullSecret: pullSecret.name } : {}),
  };
  const objects =
    config.platform === "maas-subscriptions" ? maasSubscriptionsObjects(context) : maasKindObjects(context);

  // Outputs: `pulumi stack output --json --show-secrets` is a StackOutputs.
  return {
    platform: config.platform,
    cluster: pulumi.output({ name: target.name, context: target.context }),
    image: pulumi.output({ ref: simulator.ref, id: simulator.id }),
    gateway: gatewayOutput(config),
    ...objects,
  };
}

export = maasKind;
