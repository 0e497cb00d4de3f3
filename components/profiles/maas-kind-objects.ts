/**
 * The `maas-kind` profile's objects (MaaS's Kind overlay setup, models-as-a-service 30050fd3): the model
 * storage, per model its workload (InferenceModel) and, unless `httpRoutes` is false, its HTTPRoute on the MaaS
 * gateway (ModelRoute); per tier a ServiceAccount and token, per model the Role and RoleBinding the gateway's
 * SubjectAccessReview checks (TierAccess). Plain functions, no component: the objects keep the URNs they had
 * when index.ts declared them itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { InferenceModel } from "../models/inference-model";
import { ModelStorage } from "../models/model-storage";
import { MAIN_CONTAINER } from "../models/workload-spec";
import { byName, modelOutput, tierOutput, tokenOutput } from "../outputs/endpoints";
import { ModelRoute } from "../routing/model-route";
import { profileTierAccess } from "./profile-tier-access";
import type { ProfileContext, ProfileOutputs } from "./profile-context";

/** Declares the maas-kind profile's objects and returns its outputs. */
export function maasKindObjects(ctx: ProfileContext): ProfileOutputs {
  const { config, provider, afterPreflight } = ctx;
  // The PVC that LLMInferenceServices name as their model URI.
  const storage =
    config.workload === "kserve"
      ? new ModelStorage(
          "model-storage",
          { provider, namespace: ctx.namespaces.models, ...config.storage },
          { dependsOn: [...afterPreflight] },
        )
      : undefined;

  // Per model: its workload, and its route on the MaaS gateway.
  const workloads = config.models.map((model) => {
    const workload = new InferenceModel(
      model.name,
      {
        provider,
        model,
        namespace: ctx.namespaces.models,
        workload: config.workload,
        apiVersion: config.kserveApiVersion,
        modelUri: storage?.uri,
        image: ctx.image.ref,
        imageId: ctx.image.id,
        // The name that merges with the one container of KServe's LLM template in effect (the cluster
        // preflight reads it: kserve-container on a MaaS Kind install, main on stock KServe).
        containerName: ctx.containerName?.apply((n) => n ?? MAIN_CONTAINER) ?? MAIN_CONTAINER,
        readinessTimeoutSeconds: config.readinessTimeoutSeconds,
        ...(ctx.pullSecret ? { imagePullSecrets: [ctx.pullSecret] } : {}),
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
        { dependsOn: [...afterPreflight, ...(ctx.gatewayApi ? [ctx.gatewayApi] : [])] },
      );
    }
    return workload;
  });

  // Tier users, least-privilege RBAC and their tokens.
  const access = profileTierAccess(ctx, true);

  return {
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
    // MaaS's Kind overlay has no key issuance.
    apiKeys: {},
  };
}
