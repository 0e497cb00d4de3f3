/**
 * maas-kind: a Models-as-a-Service test environment on a local Kind cluster.
 *
 * A table of contents: validate the config and check the host; then the Kind cluster (created or adopted) and
 * the one Kubernetes provider bound to it, the optional Gateway API CRDs, the cluster preflight; then the
 * simulator image, the namespaces, the model storage, one InferenceModel and one ModelRoute per model, the
 * tiers' access and tokens. The program is an async function, so the host preflight runs before anything is
 * declared; Pulumi calls it without arguments (the real machine), tests pass fakes. It returns the stack
 * outputs, one per key of `StackOutputs` (components/outputs/stack-outputs.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterPreflight, clusterPreflightArgs } from "./components/preflight/cluster-preflight";
import { ConfigError, loadStackConfig } from "./components/config/stack-config";
import { byName, gatewayOutput, modelOutput, tierOutput, tokenOutput } from "./components/outputs/endpoints";
import { GatewayApiCrds } from "./components/routing/gateway-api-crds";
import type { HostTools } from "./components/preflight/host-preflight";
import { hostPreflight, liveHostTools } from "./components/preflight/host-preflight";
import { InferenceModel } from "./components/models/inference-model";
import { MAIN_CONTAINER } from "./components/models/workload-spec";
import { KindCluster, kindClusterArgs } from "./components/cluster/kind-cluster";
import { clusterTarget, kubeProvider } from "./components/cluster/kube-provider";
import { ModelRoute } from "./components/routing/model-route";
import { ModelStorage } from "./components/models/model-storage";
import { Namespaces } from "./components/cluster/namespaces";
import type { ProgramOutputs } from "./components/outputs/stack-outputs";
import { ImagePullSecret } from "./components/image/image-pull-secret";
import { SimulatorImage, registryDelivery } from "./components/image/simulator-image";
import { TierAccess } from "./components/access/tier-access";

async function maasKind(host: HostTools = liveHostTools()): Promise<ProgramOutputs> {
  // 1. Configuration, every key validated; then the host (engine, kind, kubectl, ports) before anything is declared.
  const config = loadStackConfig();
  if (config.platform !== "maas-kind")
    // components/subscriptions/subscriptions-platform.ts declares that profile; composing it here waits for
    // per-tier ServiceAccount namespaces (each tier's identity group) and the profile-aware outputs (#16).
    throw new ConfigError([
      `maas-kind:platform: ${config.platform} is not composed by this program yet; use maas-kind`,
    ]);
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

  // 5. Namespaces, and the PVC that LLMInferenceServices name as their model URI.
  const kube = {
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
  };
  const namespaces = new Namespaces(
    "namespaces",
    { kube, models: config.namespaces.models, tiers: config.namespaces.tiers },
    { dependsOn: afterPreflight },
  );
  const storage =
    config.workload === "kserve"
      ? new ModelStorage(
          "model-storage",
          { provider, namespace: namespaces.models, ...config.storage },
          { dependsOn: afterPreflight },
        )
      : undefined;

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

  // 6. Per model: its workload, and its route on the MaaS gateway.
  const workloads = config.models.map((model) => {
    const workload = new InferenceModel(
      model.name,
      {
        provider,
        model,
        namespace: namespaces.models,
        workload: config.workload,
        apiVersion: config.kserveApiVersion,
        modelUri: storage?.uri,
        image: simulator.ref,
        imageId: simulator.id,
        // The name that merges with the one container of KServe's LLM template in effect (the cluster
        // preflight reads it: kserve-container on a MaaS Kind install, main on stock KServe).
        containerName: preflight?.containerName.apply((n) => n ?? MAIN_CONTAINER) ?? MAIN_CONTAINER,
        readinessTimeoutSeconds: config.readinessTimeoutSeconds,
        ...(pullSecret ? { imagePullSecrets: [pullSecret.name] } : {}),
      },
      { dependsOn: [...afterPreflight, ...(storage ? [storage] : [])] },
    );
    if (config.gateway.createRoutes) {
      new ModelRoute(
        `${model.name}-route`,
        {
          provider,
          model: model.name,
          namespace: workload.namespace,
          service: workload.serviceName,
          port: workload.port,
          paths: model.paths,
          gateway: config.gateway,
          hostnames: config.gateway.hostnames,
        },
        { dependsOn: [...afterPreflight, ...(gatewayApi ? [gatewayApi] : [])] },
      );
    }
    return workload;
  });

  // 7. Tier users, least-privilege RBAC and their tokens.
  const access = new TierAccess(
    "tiers",
    {
      provider,
      tiers: config.tiers,
      models: config.models,
      modelsNamespace: namespaces.models,
      tierNamespaces: namespaces.tiers,
      audience: config.tokens.audience,
      tokenSeconds: config.tokens.durationSeconds,
      kube: {
        context: target.context,
        ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
      },
    },
    { dependsOn: afterPreflight },
  );

  // Outputs: `pulumi stack output --json --show-secrets` is a StackOutputs.
  return {
    platform: config.platform,

    cluster: pulumi.output({ name: target.name, context: target.context }),

    image: pulumi.output({ ref: simulator.ref, id: simulator.id }),

    gateway: gatewayOutput(config),

    models: pulumi
      .all(
        workloads.map((w) =>
          pulumi.output({ name: w.name, namespace: w.namespace, service: w.serviceName, port: w.port }),
        ),
      )
      .apply((created) => byName(created.map((c) => modelOutput(config, c)))),

    tiers: access.accounts.apply((accounts) =>
      byName(config.tiers.map((t) => tierOutput(t, accounts[t.name]!, access.allowedModels[t.name] ?? []))),
    ),

    tokens: pulumi.secret(
      pulumi
        .all([access.accounts, access.tokens])
        .apply(([accounts, minted]) =>
          Object.fromEntries(
            config.tiers.map((t) => [t.name, tokenOutput(config, accounts[t.name]!, minted[t.name]!)]),
          ),
        ),
    ),

    // The maas-kind profile mints no API keys (MaaS's Kind overlay has no key issuance).
    apiKeys: {},
  };
}

export = maasKind;
