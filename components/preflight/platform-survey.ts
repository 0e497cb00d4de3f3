/**
 * What the cluster preflight makes of the platform it finds, as pure functions over what kubectl printed (so
 * they are unit-tested without a cluster, and serialize into the preflight's dynamic provider: no imports at
 * run time):
 *
 * - the LLM template in effect and the container name that makes KServe's merge yield one container;
 * - which route hostnames the Gateway's listeners serve;
 * - maas-api's tier mapping and whether each configured tier is in it;
 * - objects with the names the stack creates that belong to someone else (MaaS's own test models on the Kind
 *   overlay, MaaS's samples on today's MaaS, above all).
 *
 * Facts, from upstream at pinned versions: KServe v0.16.0 `pkg/controller/v1alpha1/llmisvc/config_merge.go`
 * (`getConfig`: the well-known config `kserve-config-llm-template` is read from the service's namespace first,
 * else from `kserve`; `mergeSpecs`: strategic merge, containers by name); models-as-a-service 30050fd3
 * `deployment/scripts/kind/install.sh` (`configure_llm_inference_service` replaces the template's containers with
 * one named `kserve-container`; `deploy_test_models` applies `deployment/overlays/kind/test-models/model-{a,b}`);
 * maas-api `internal/tier/mapper.go` (tiers from the ConfigMap `tier-to-group-mapping`, key `tiers`);
 * models-as-a-service c0639b1b `docs/samples/` (the samples of today's MaaS, MAAS_SAMPLE_OBJECTS).
 */

/** The single-node well-known config KServe merges into every LLMInferenceService. */
export const LLM_TEMPLATE = "kserve-config-llm-template";
/** KServe's system namespace, where the stock well-known configs live. */
export const KSERVE_NAMESPACE = "kserve";
/** Where maas-api runs and reads its tier mapping (maas-api's default NAMESPACE, the Kind overlay's namespace). */
export const MAAS_API_NAMESPACE = "maas-api";
/** maas-api's tier mapping ConfigMap. */
export const TIER_MAPPING = "tier-to-group-mapping";
/** Label the stack puts on every object it creates in a shared namespace: the stack's name. */
export const STACK_LABEL = "maas-kind/stack";

/** An object as `kubectl get -o json` prints it (the fields read here). */
export interface KubeObject {
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec?: unknown;
  readonly data?: Readonly<Record<string, string>>;
}

/** The objects of `kubectl get … -o json` output: one object, a List, or nothing (`--ignore-not-found`). */
export function kubeObjects(json: string): KubeObject[] {
  if (json.trim() === "") return [];
  const parsed = JSON.parse(json) as KubeObject & { items?: KubeObject[] };
  return parsed.items ?? [parsed];
}

/** The template in effect: where it was found and its containers. */
export interface LlmTemplate {
  readonly namespace: string;
  readonly containers: readonly { readonly name: string; readonly image?: string }[];
}

/** The containers of an LLMInferenceServiceConfig's pod template. */
export function templateOf(config: KubeObject, namespace: string): LlmTemplate {
  const spec = config.spec as { template?: { containers?: { name: string; image?: string }[] } } | undefined;
  return {
    namespace,
    containers: (spec?.template?.containers ?? []).map((c) => ({
      name: c.name,
      ...(c.image ? { image: c.image } : {}),
    })),
  };
}

/**
 * The name our container must have so KServe's merge (containers by name) yields exactly one container: the
 * template's only container's name; an error when the template has several (merging into one of them would
 * still leave the others); `fallback` (KServe's `main`) when it has none.
 */
export function containerNameFor(
  template: LlmTemplate,
  fallback: string,
): { name: string } | { error: string } {
  const names = template.containers.map((c) => c.name);
  if (names.length === 0) return { name: fallback };
  if (names.length === 1) return { name: names[0] as string };
  return {
    error:
      `KServe's LLM template ${template.namespace}/${LLM_TEMPLATE} has ${names.length} containers ` +
      `(${names.join(", ")}): every model pod would run all of them beside the simulator. Leave it one container ` +
      `(KServe's stock template has one, main; MaaS's Kind install one, kserve-container).`,
  };
}

/** One listener's hostname (undefined: every hostname). */
export interface Listener {
  readonly name?: string;
  readonly hostname?: string;
}

/** The listeners of a Gateway object, only `sectionName`'s when given. */
export function listenersOf(gateway: KubeObject, sectionName?: string): Listener[] {
  const all = ((gateway.spec as { listeners?: Listener[] } | undefined)?.listeners ?? []).map((l) => ({
    ...(l.name !== undefined ? { name: l.name } : {}),
    ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
  }));
  return sectionName === undefined ? all : all.filter((l) => l.name === sectionName);
}

function wildcardCovers(wildcard: string, host: string): boolean {
  return wildcard.startsWith("*.") && host.endsWith(wildcard.slice(1)) && host.length > wildcard.length - 1;
}

/**
 * Whether a listener serves a route hostname (Gateway API: a listener without hostname serves all; otherwise the
 * two must intersect, a wildcard `*.d` covering any name under `d`).
 */
export function listenerServes(listener: Listener, host: string): boolean {
  const l = listener.hostname;
  if (l === undefined || l === host) return true;
  return wildcardCovers(l, host) || wildcardCovers(host, l);
}

/** Route hostnames no listener serves. */
export function unservedHostnames(listeners: readonly Listener[], hostnames: readonly string[]): string[] {
  return hostnames.filter((h) => !listeners.some((l) => listenerServes(l, h)));
}

/** maas-api's tiers by name, from its mapping ConfigMap (`tiers`: a YAML list of `- name: <tier>` entries). */
export function mappedTiers(configMap: KubeObject): string[] {
  const text = configMap.data?.tiers ?? "";
  return [...text.matchAll(/^\s*-\s+name:\s*["']?([^"'#\s]+)["']?\s*(?:#.*)?$/gm)].map((m) => m[1] as string);
}

/** An object the stack would create, by kind, kubectl type, name and namespace. */
export interface PlannedObject {
  readonly kind: string;
  /** kubectl resource type (e.g. `llminferenceservices.serving.kserve.io`). */
  readonly type: string;
  readonly name: string;
  /** Its namespace; undefined → the models namespace. */
  readonly namespace?: string;
}

/** MaaS's own test models (deployment/overlays/kind/test-models), which carry the names of the default models. */
export const MAAS_TEST_MODEL_OBJECTS: readonly PlannedObject[] = [
  { kind: "LLMInferenceService", type: "llminferenceservices.serving.kserve.io", name: "model-a" },
  { kind: "LLMInferenceService", type: "llminferenceservices.serving.kserve.io", name: "model-b" },
  { kind: "PersistentVolumeClaim", type: "persistentvolumeclaims", name: "empty-model" },
  { kind: "HTTPRoute", type: "httproutes.gateway.networking.k8s.io", name: "model-a-route" },
  { kind: "HTTPRoute", type: "httproutes.gateway.networking.k8s.io", name: "model-b-route" },
];

/**
 * Of the planned objects, those that exist and were not created by this stack (no STACK_LABEL = `stack`). An
 * object found without a namespace, or planned without one, matches on kind and name alone.
 */
export function foreignObjects(
  planned: readonly PlannedObject[],
  found: readonly KubeObject[],
  stack: string,
): PlannedObject[] {
  return planned.filter((p) =>
    found.some(
      (o) =>
        o.kind === p.kind &&
        o.metadata?.name === p.name &&
        (p.namespace === undefined ||
          o.metadata?.namespace === undefined ||
          o.metadata?.namespace === p.namespace) &&
        o.metadata?.labels?.[STACK_LABEL] !== stack,
    ),
  );
}

/** `kubectl … delete` commands removing `objects` from `namespace`, one per type. */
export function deleteCommands(
  kubectlPrefix: string,
  namespace: string,
  objects: readonly PlannedObject[],
): string[] {
  const byType = new Map<string, string[]>();
  for (const o of objects) byType.set(o.type, [...(byType.get(o.type) ?? []), o.name]);
  return [...byType].map(
    ([type, names]) => `${kubectlPrefix} delete --namespace ${namespace} ${type} ${names.join(" ")}`,
  );
}

/** The platform profiles (stack config `platform`), as the preflight names them. */
export type PlatformProfile = "maas-kind" | "maas-subscriptions";

/** The CRD (and kubectl type) of MaaSModelRef. */
export const MAAS_MODEL_REFS = "maasmodelrefs.maas.opendatahub.io";
/** The CRD (and kubectl type) of MaaSAuthPolicy. */
export const MAAS_AUTH_POLICIES = "maasauthpolicies.maas.opendatahub.io";
/** The CRD (and kubectl type) of MaaSSubscription. */
export const MAAS_SUBSCRIPTIONS = "maassubscriptions.maas.opendatahub.io";
/**
 * The CRDs of today's MaaS (models-as-a-service c0639b1b, `deployment/base/maas-controller/crd/bases/`: group
 * `maas.opendatahub.io`), which maas-controller reconciles into routes and Kuadrant policies.
 */
export const MAAS_CRDS: readonly string[] = [MAAS_MODEL_REFS, MAAS_AUTH_POLICIES, MAAS_SUBSCRIPTIONS];

const sample = (kind: string, type: string, namespace: string, names: readonly string[]): PlannedObject[] =>
  names.map((name) => ({ kind, type, name, namespace }));

/**
 * The objects of today's MaaS samples (models-as-a-service c0639b1b `docs/samples/`), which a MaaS engineer's
 * cluster may hold under names a maas-subscriptions stack takes: `maas-system/{free,premium}` (what
 * `kustomize build docs/samples/maas-system` applies; their LLMInferenceServices are `models/simulator` and
 * `models/simulator-premium` with their kustomizations' `namePrefix`), `maas-system/{facebook-opt-125m-cpu,qwen3,
 * granite-3-1-8b-rhelai-modelcar}` (their MaaS objects in `opendatahub` where their kustomization says so), and
 * the remaining `models/` samples, all in namespace `llm`.
 */
export const MAAS_SAMPLE_OBJECTS: readonly PlannedObject[] = [
  ...sample("LLMInferenceService", "llminferenceservices.serving.kserve.io", "llm", [
    "facebook-opt-125m-simulated",
    "premium-simulated-simulated-premium",
    "facebook-opt-125m-cpu-single-node-no-scheduler-cpu",
    "qwen3-single-node-no-scheduler-nvidia-gpu",
    "granite-3-1-8b-rhelai-modelcar-single-node-cpu",
    "ibm-granite-2b-gpu-ibm-granite-2b-gpu",
    "e2e-distinct-simulated",
    "e2e-distinct-2-simulated",
  ]),
  ...sample("MaaSModelRef", MAAS_MODEL_REFS, "llm", [
    "facebook-opt-125m-simulated",
    "premium-simulated-simulated-premium",
    "granite-3-1-8b-starter",
  ]),
  ...sample("MaaSModelRef", MAAS_MODEL_REFS, "opendatahub", ["facebook-opt-125m-cpu", "qwen3"]),
  ...sample("MaaSAuthPolicy", MAAS_AUTH_POLICIES, "models-as-a-service", [
    "simulator-access",
    "premium-simulator-access",
    "granite-3-1-8b-starter-access",
  ]),
  ...sample("MaaSAuthPolicy", MAAS_AUTH_POLICIES, "opendatahub", [
    "facebook-opt-125m-cpu-access",
    "qwen3-access",
  ]),
  ...sample("MaaSSubscription", MAAS_SUBSCRIPTIONS, "models-as-a-service", [
    "simulator-subscription",
    "premium-simulator-subscription",
    "granite-3-1-8b-starter-subscription",
  ]),
  ...sample("MaaSSubscription", MAAS_SUBSCRIPTIONS, "opendatahub", [
    "facebook-opt-125m-cpu-subscription",
    "qwen3-subscription",
  ]),
];
/**
 * The Deployment reconciling them (c0639b1b `deployment/base/maas-controller/manager/manager.yaml`; namespace
 * `opendatahub` by default, `maas-system` on MaaS's local Kind deploy, so it is looked for in every namespace).
 */
export const MAAS_CONTROLLER = "maas-controller";
/** maas-api's Deployment (both profiles; c0639b1b `deployment/base/maas-api/core/deployment.yaml`). */
export const MAAS_API = "maas-api";

/** What kubectl shows of the two MaaS setups. */
export interface PlatformSigns {
  /** The MaaS CRDs present (of MAAS_CRDS). */
  readonly maasCrds: readonly string[];
  /** Namespaces with a maas-controller Deployment. */
  readonly maasController: readonly string[];
  /** Namespaces with a maas-api Deployment. */
  readonly maasApi: readonly string[];
  /** The Kind overlay's tier mapping, ConfigMap maas-api/tier-to-group-mapping, exists. */
  readonly tierMapping: boolean;
}

/** Which profile a cluster's signs fit: `profile` undefined when no MaaS is found; `certain` false: only probable. */
export interface PlatformVerdict {
  readonly profile?: PlatformProfile;
  readonly certain: boolean;
  /** What was found, in words, for the message. */
  readonly evidence: string;
}

/** The signs, from the CRDs and Deployments kubectl listed and whether the tier mapping exists. */
export function platformSigns(
  crds: readonly KubeObject[],
  deployments: readonly KubeObject[],
  tierMapping: boolean,
): PlatformSigns {
  const names = new Set(crds.map((c) => c.metadata?.name));
  const where = (name: string) =>
    deployments.filter((d) => d.metadata?.name === name).map((d) => d.metadata?.namespace ?? "default");
  return {
    maasCrds: MAAS_CRDS.filter((c) => names.has(c)),
    maasController: where(MAAS_CONTROLLER),
    maasApi: where(MAAS_API),
    tierMapping,
  };
}

/**
 * The profile the signs fit. maas-subscriptions: the MaaS CRDs and maas-controller (certain), or only one of the
 * two (probable: an install in progress or a half-removed one). maas-kind: the tier mapping without any of those
 * (certain). Neither: no MaaS at all, which either profile may set up around.
 */
export function fittingProfile(signs: PlatformSigns): PlatformVerdict {
  const found: string[] = [];
  if (signs.maasCrds.length > 0) found.push(`the MaaS CRDs ${signs.maasCrds.join(", ")}`);
  if (signs.maasController.length > 0)
    found.push(`a maas-controller Deployment (in ${signs.maasController.join(", ")})`);
  if (signs.maasApi.length > 0) found.push(`a maas-api Deployment (in ${signs.maasApi.join(", ")})`);
  if (signs.tierMapping) found.push(`the ConfigMap ${MAAS_API_NAMESPACE}/${TIER_MAPPING}`);
  const evidence = found.join(", ") || "no MaaS CRDs, no maas-controller, no maas-api, no tier mapping";
  const crds = signs.maasCrds.length === MAAS_CRDS.length;
  const controller = signs.maasController.length > 0;
  if (crds && controller) return { profile: "maas-subscriptions", certain: true, evidence };
  if (signs.maasCrds.length > 0 || controller)
    return { profile: "maas-subscriptions", certain: false, evidence };
  if (signs.tierMapping) return { profile: "maas-kind", certain: true, evidence };
  return { certain: false, evidence };
}

/**
 * The served versions of the LLMInferenceService CRD whose `spec` schema has `storageInitializer` (KServe ≥
 * v0.17.0, `config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml`: both v1alpha1 and v1alpha2; v0.16.0
 * has it in none).
 */
export function storageInitializerVersions(crd: KubeObject): string[] {
  type Version = {
    name?: string;
    served?: boolean;
    schema?: { openAPIV3Schema?: { properties?: { spec?: { properties?: Record<string, unknown> } } } };
  };
  const versions = ((crd.spec as { versions?: Version[] } | undefined)?.versions ?? []).filter(
    (v) => v.served === true && typeof v.name === "string",
  );
  return versions
    .filter((v) => v.schema?.openAPIV3Schema?.properties?.spec?.properties?.storageInitializer !== undefined)
    .map((v) => v.name as string);
}
