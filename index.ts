/**
 * maas-kind: a Models-as-a-Service test environment on a local Kind cluster.
 *
 * A table of contents: validate the config; then the simulator image, the namespaces, the model storage, one
 * InferenceModel and one ModelRoute per model, the tiers' access and tokens. The exports are the stack
 * outputs, one per key of `StackOutputs` (components/outputs.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./components/config";
import { byName, gatewayOutput, modelOutput, tierOutput, tokenOutput } from "./components/endpoints";
import { InferenceModel } from "./components/inference-model";
import { kubeProvider } from "./components/kube-provider";
import { ModelRoute } from "./components/model-route";
import { ModelStorage } from "./components/model-storage";
import { Namespaces } from "./components/namespaces";
import type { StackOutputs } from "./components/outputs";
import { SimulatorImage } from "./components/simulator-image";
import { TierAccess } from "./components/tier-access";

// 1. Configuration: every key validated before anything is declared.
const config = loadStackConfig();

// 2. The one Kubernetes provider, bound to the Kind cluster's context.
const provider = kubeProvider("kind", config);

// 3. The simulator image, built locally and loaded into Kind.
const simulator = new SimulatorImage("simulator", {
  ref: config.image.ref,
  context: ".",
  dockerfile: "simulator/Dockerfile",
  baseImage: config.image.baseImage,
  cluster: config.cluster.name,
  engine: config.cluster.containerEngine,
});

// 4. Namespaces, and the PVC that LLMInferenceServices name as their model URI.
const namespaces = new Namespaces("namespaces", { provider, ...config.namespaces });
const storage =
  config.workload === "kserve"
    ? new ModelStorage("model-storage", { provider, namespace: namespaces.models, ...config.storage })
    : undefined;

// 5. Per model: its workload, and its route on the MaaS gateway.
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
      readinessTimeoutSeconds: config.readinessTimeoutSeconds,
    },
    { dependsOn: storage ? [storage] : [] },
  );
  if (config.gateway.createRoutes) {
    new ModelRoute(`${model.name}-route`, {
      provider,
      model: model.name,
      namespace: workload.namespace,
      service: workload.serviceName,
      port: workload.port,
      paths: model.paths,
      gateway: config.gateway,
      hostnames: config.gateway.hostnames,
    });
  }
  return workload;
});

// 6. Tier users, least-privilege RBAC and their tokens.
const access = new TierAccess("tiers", {
  provider,
  tiers: config.tiers,
  models: config.models,
  modelsNamespace: namespaces.models,
  usersNamespace: namespaces.users,
  audience: config.tokens.audience,
  tokenSeconds: config.tokens.durationSeconds,
  kube: { context: config.cluster.context, kubeconfig: config.cluster.kubeconfig },
});

// Outputs: `pulumi stack output --json --show-secrets` is a StackOutputs.
export const cluster: StackOutputs["cluster"] = {
  name: config.cluster.name,
  context: config.cluster.context,
};

export const image: pulumi.Output<StackOutputs["image"]> = pulumi.output({
  ref: simulator.ref,
  id: simulator.id,
});

export const gateway: StackOutputs["gateway"] = gatewayOutput(config);

export const models: pulumi.Output<StackOutputs["models"]> = pulumi
  .all(
    workloads.map((w) =>
      pulumi.output({ name: w.name, namespace: w.namespace, service: w.serviceName, port: w.port }),
    ),
  )
  .apply((created) => byName(created.map((c) => modelOutput(config, c))));

export const tiers: pulumi.Output<StackOutputs["tiers"]> = access.accounts.apply((accounts) =>
  byName(config.tiers.map((t) => tierOutput(t, accounts[t.name]!, access.allowedModels[t.name] ?? []))),
);

export const tokens: pulumi.Output<StackOutputs["tokens"]> = pulumi.secret(
  pulumi
    .all([access.accounts, access.tokens])
    .apply(([accounts, minted]) =>
      Object.fromEntries(
        config.tiers.map((t) => [t.name, tokenOutput(config, accounts[t.name]!, minted[t.name]!)]),
      ),
    ),
);
