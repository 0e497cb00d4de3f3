/**
 * The cluster preflight: what the models and routes need on the cluster, checked once the cluster exists:
 * the API server answers; in `kserve` mode the LLMInferenceService CRD serves the configured version; for
 * HTTPRoutes on CRDs the stack does not install, the Gateway API's HTTPRoute v1; and the Gateway the routes
 * attach to exists (a warning only: the routes are created but not served, direct access still works).
 *
 * It is the `check` of a Pulumi dynamic resource, `ClusterPreflight`, that depends on the KindCluster (and the
 * Gateway API CRDs the stack installs) and that every Kubernetes object depends on. Pulumi calls `check` on
 * every preview and every up, before any step of the resource runs, so the checks run each time; a failure
 * stops the deployment with the message as the resource's problem. When the cluster does not exist yet (a
 * preview before the stack creates it) the inputs are unknown and the checks wait for the real run. Warnings
 * become the `warnings` output, which the program logs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config";
import type { ContainerEngine } from "../exec/kind-cli";
import type { ClusterTarget } from "../cluster/kube-provider";
import { kubectlTargetArgs, withKubeconfigPath } from "../exec/kubectl";
import type { CheckState, PreflightCheck } from "./preflight-check";
import { checkMessages } from "./preflight-check";
import { MAIN_CONTAINER, workloadDeploymentName, workloadServiceName } from "../models/workload-spec";
import { modelRouteName } from "../routing/route-rules";
import { allowedModels } from "../access/access-matrix";
import { tierAuthPolicyName, tierSubscriptionName } from "../subscriptions/tier-policy-specs";
import * as msg from "./preflight-messages";
import type { KubeObject, PlannedObject, PlatformProfile } from "./platform-survey";
import {
  KSERVE_NAMESPACE,
  LLM_TEMPLATE,
  MAAS_API,
  MAAS_AUTH_POLICIES,
  MAAS_CONTROLLER,
  MAAS_CRDS,
  MAAS_API_NAMESPACE,
  MAAS_MODEL_REFS,
  MAAS_SAMPLE_OBJECTS,
  MAAS_SUBSCRIPTIONS,
  MAAS_TEST_MODEL_OBJECTS,
  STACK_LABEL,
  TIER_MAPPING,
  containerNameFor,
  deleteCommands,
  fittingProfile,
  foreignObjects,
  kubeObjects,
  listenersOf,
  mappedTiers,
  platformSigns,
  storageInitializerVersions,
  templateOf,
  unservedHostnames,
} from "./platform-survey";
import type { CommandResult, Runner } from "../exec/runner";
import { processRunner } from "../exec/runner";

/** The CRD of KServe's LLMInferenceService. */
export const KSERVE_CRD = "llminferenceservices.serving.kserve.io";
/** The CRD of the Gateway API's HTTPRoute. */
export const HTTPROUTE_CRD = "httproutes.gateway.networking.k8s.io";
/** The CRD of the Gateway API's Gateway. */
export const GATEWAY_CRD = "gateways.gateway.networking.k8s.io";
/** How long each kubectl request of the preflight may take. */
export const PREFLIGHT_REQUEST_TIMEOUT = "15s";

/** What to check on the cluster. */
export interface ClusterCheckSpec {
  /** Kind cluster name (for messages). */
  readonly cluster: string;
  readonly engine: ContainerEngine;
  /** kubeconfig context. */
  readonly context: string;
  /** kubeconfig path or contents; undefined → kubectl's default. */
  readonly kubeconfig?: string;
  /** In `kserve` mode: the LLMInferenceServices' apiVersion, which the CRD must serve. */
  readonly kserveApiVersion?: string;
  /** True when HTTPRoutes are created on Gateway API CRDs the stack does not install. */
  readonly requireGatewayApi: boolean;
  /** Gateway API release suggested when its CRDs are missing. */
  readonly gatewayApiVersion: string;
  /** The Gateway the routes attach to; undefined without routes. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /** What the stack will put on the platform, for the platform survey (surveyPlatform); undefined → no survey. */
  readonly platform?: PlatformSpec;
  /** False when no Kind is involved (kind.create false, registry delivery): messages then speak of any cluster. */
  readonly kind?: boolean;
}

/** What the platform survey compares the cluster with. */
export interface PlatformSpec {
  /** The stack's name: the value of STACK_LABEL on the objects it creates. */
  readonly stack: string;
  readonly modelsNamespace: string;
  /** Namespace of each tier's ServiceAccount, by tier name. */
  readonly tierNamespaces: Readonly<Record<string, string>>;
  /**
   * Objects the stack creates under names someone else may use (LLMInferenceServices, routes, PVC, MaaS objects,
   * …), in the models namespace unless they name another.
   */
  readonly planned: readonly PlannedObject[];
  /** Route hostnames (empty without routes) and the Gateway listener they attach to (undefined: all). */
  readonly hostnames: readonly string[];
  readonly sectionName?: string;
  /** Container name used when the cluster has no LLM template to follow (workload kserve only). */
  readonly defaultContainer?: string;
  /** The configured platform profile (stack config `platform`); undefined → maas-kind (stacks before profiles). */
  readonly profile?: PlatformProfile;
}

/** Findings: `errors` stop the deployment; `warnings` are reported and the deployment goes on. */
export interface ClusterReport {
  readonly errors: string[];
  readonly warnings: string[];
  /** Every check with its state, in the order they ran (what `npm run doctor` prints). */
  readonly checks: PreflightCheck[];
  /** What the preflight found and what the stack will reuse or create (informational). */
  readonly notes?: string[];
  /** In kserve mode: the container name that makes KServe's merge yield one container. */
  readonly containerName?: string;
}

interface Crd {
  metadata?: { name?: string };
  spec?: { versions?: { name?: string; served?: boolean }[] };
}

/**
 * Served versions by CRD name, from `kubectl get crd … -o json`: a List for several names, the object itself
 * for one, nothing at all when `--ignore-not-found` found none.
 */
export function servedVersions(json: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (json.trim() === "") return out;
  const parsed = JSON.parse(json) as Crd & { items?: Crd[] };
  const items: Crd[] = parsed.items ?? (parsed.metadata ? [parsed] : []);
  for (const item of items) {
    const name = item.metadata?.name;
    if (name === undefined) continue;
    const versions = (item.spec?.versions ?? []).filter((v) => v.served === true).map((v) => v.name);
    out.set(
      name,
      versions.filter((v): v is string => typeof v === "string"),
    );
  }
  return out;
}

/** Runs every cluster check through kubectl and collects the findings. */
export async function checkCluster(runner: Runner, spec: ClusterCheckSpec): Promise<ClusterReport> {
  const checks: PreflightCheck[] = [];
  const add = (name: string, state: CheckState, detail: string) => checks.push({ name, state, detail });
  const kserveName = `KServe's LLMInferenceService CRD serves ${spec.kserveApiVersion ?? "its version"}`;
  const httpRouteName = "Gateway API HTTPRoute CRD serves v1";
  const gatewayName = `Gateway ${spec.gateway ? `${spec.gateway.namespace}/${spec.gateway.name}` : ""} exists`;
  const skipRest = (why: string) => {
    if (spec.kserveApiVersion !== undefined) add(kserveName, "skipped", why);
    if (spec.requireGatewayApi) add(httpRouteName, "skipped", why);
    if (spec.gateway !== undefined) add(gatewayName, "skipped", why);
  };
  const notes: string[] = [];
  let containerName: string | undefined;
  await withKubeconfigPath(spec.kubeconfig, async (kubeconfigPath) => {
    const kubectl = (...args: string[]): Promise<CommandResult> =>
      runner.run("kubectl", [
        ...kubectlTargetArgs(spec.context, kubeconfigPath),
        `--request-timeout=${PREFLIGHT_REQUEST_TIMEOUT}`,
        ...args,
      ]);

    const readyName = `API server of ${spec.context} answers`;
    const ready = await kubectl("get", "--raw", "/readyz");
    if (ready.notFound) {
      add(readyName, "problem", msg.kubectlMissing());
      return skipRest("kubectl is not installed");
    }
    if (ready.code !== 0) {
      add(
        readyName,
        "problem",
        msg.clusterUnreachable(
          spec.context,
          spec.cluster,
          spec.engine,
          msg.commandDetail(ready.stderr),
          spec.kind !== false,
        ),
      );
      return skipRest("the cluster does not answer");
    }
    add(readyName, "ok", "/readyz answers");

    const crds = [
      ...(spec.kserveApiVersion !== undefined ? [KSERVE_CRD] : []),
      ...(spec.requireGatewayApi ? [HTTPROUTE_CRD] : []),
      ...(spec.gateway !== undefined ? [GATEWAY_CRD] : []),
    ];
    let served = new Map<string, string[]>();
    if (crds.length > 0) {
      const got = await kubectl(
        "get",
        "customresourcedefinitions",
        ...crds,
        "--ignore-not-found",
        "-o",
        "json",
      );
      if (got.code !== 0) {
        add(
          "CRDs listed",
          "warning",
          `Preflight could not list CRDs (${msg.commandDetail(got.stderr)}); their checks were skipped.`,
        );
        return skipRest("the CRDs could not be listed");
      }
      try {
        served = servedVersions(got.stdout);
      } catch (e) {
        // Not an exception out of `check`: the user would read a bare JSON parser message.
        add(
          "CRDs listed",
          "warning",
          `Preflight could not read the CRDs kubectl listed (${e instanceof Error ? e.message : String(e)}); ` +
            `their checks were skipped.`,
        );
        return skipRest("the CRDs could not be read");
      }
    }

    if (spec.kserveApiVersion !== undefined) {
      const versions = served.get(KSERVE_CRD);
      const wanted = spec.kserveApiVersion.split("/")[1] ?? "";
      if (versions === undefined) add(kserveName, "problem", msg.kserveMissing());
      else if (!versions.includes(wanted))
        add(kserveName, "problem", msg.kserveVersion(spec.kserveApiVersion, versions));
      else add(kserveName, "ok", `served: ${versions.join(", ")}`);
    }
    if (spec.requireGatewayApi) {
      const versions = served.get(HTTPROUTE_CRD);
      if (versions === undefined)
        add(httpRouteName, "problem", msg.gatewayApiMissing(spec.gatewayApiVersion));
      else if (!versions.includes("v1")) add(httpRouteName, "problem", msg.gatewayApiTooOld(versions));
      else add(httpRouteName, "ok", `served: ${versions.join(", ")}`);
    }
    if (spec.gateway !== undefined) {
      const { namespace, name } = spec.gateway;
      if (!served.has(GATEWAY_CRD)) add(gatewayName, "warning", msg.gatewayNotFound(namespace, name, true));
      else {
        const got = await kubectl(
          "get",
          GATEWAY_CRD,
          name,
          "--namespace",
          namespace,
          "--ignore-not-found",
          "-o",
          "name",
        );
        if (got.code === 0 && got.stdout.trim() === "")
          add(gatewayName, "warning", msg.gatewayNotFound(namespace, name, false));
        else if (got.code !== 0) {
          add(
            gatewayName,
            "warning",
            `Preflight could not look up Gateway ${namespace}/${name} (${msg.commandDetail(got.stderr)}).`,
          );
        } else add(gatewayName, "ok", got.stdout.trim());
      }
    }
    if (spec.platform !== undefined && checkMessages(checks, "problem").length === 0) {
      // A kubeconfig the user named is part of the commands the survey suggests; kind's own (content) is not:
      // kind also writes the context into the user's default kubeconfig.
      const userKubeconfig =
        spec.kubeconfig !== undefined && spec.kubeconfig === kubeconfigPath ? kubeconfigPath : undefined;
      const survey = await surveyPlatform(kubectl, spec, spec.platform, userKubeconfig);
      const surveyName = `MaaS platform on ${spec.context}`;
      for (const e of survey.errors) add(surveyName, "problem", e);
      for (const w of survey.warnings) add(surveyName, "warning", w);
      if (survey.errors.length === 0 && survey.warnings.length === 0)
        add(surveyName, "ok", (survey.notes ?? []).join(" ") || "nothing in the way");
      notes.push(...(survey.notes ?? []));
      containerName = survey.containerName;
    }
  });
  return {
    errors: checkMessages(checks, "problem"),
    warnings: checkMessages(checks, "warning"),
    checks,
    ...(spec.platform !== undefined ? { notes } : {}),
    ...(containerName !== undefined ? { containerName } : {}),
  };
}

type Kubectl = (...args: string[]) => Promise<CommandResult>;

/**
 * What the platform holds and what the stack will do with it: the LLM template in effect (and the container name
 * that merges with it), the Gateway's listeners against the route hostnames, maas-api's tier mapping against the
 * tiers, the namespaces (reused or created), and objects in the way of the ones the stack creates.
 */
export async function surveyPlatform(
  kubectl: Kubectl,
  spec: ClusterCheckSpec,
  p: PlatformSpec,
  kubeconfigPath: string | undefined,
): Promise<Omit<ClusterReport, "checks">> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  let containerName: string | undefined;
  const getJson = async (what: string, ...args: string[]) => {
    const got = await kubectl("get", ...args, "--ignore-not-found", "-o", "json");
    if (got.code !== 0) {
      warnings.push(`Preflight could not read ${what} (${msg.commandDetail(got.stderr)}).`);
      return undefined;
    }
    return kubeObjects(got.stdout);
  };

  // The LLM template KServe merges into every model (namespace-local first, else kserve).
  if (spec.kserveApiVersion !== undefined && p.defaultContainer !== undefined) {
    const type = "llminferenceserviceconfigs.serving.kserve.io";
    let found: { config: KubeObject; namespace: string } | undefined;
    for (const ns of [p.modelsNamespace, KSERVE_NAMESPACE]) {
      const got = await getJson(`the LLM template in ${ns}`, type, LLM_TEMPLATE, "--namespace", ns);
      if (got?.[0]) {
        found = { config: got[0], namespace: ns };
        break;
      }
    }
    if (found === undefined) errors.push(msg.llmTemplateMissing(p.modelsNamespace));
    else {
      const template = templateOf(found.config, found.namespace);
      const picked = containerNameFor(template, p.defaultContainer);
      if ("error" in picked) errors.push(msg.llmTemplateContainers(picked.error));
      else {
        containerName = picked.name;
        const image = template.containers[0]?.image;
        notes.push(
          `LLM template in effect: ${found.namespace}/${LLM_TEMPLATE}, one container "${picked.name}"` +
            `${image ? ` (${image})` : ""}: each model's simulator container is named "${picked.name}", so KServe ` +
            `merges the two into one container running the simulator with --model <name>.`,
        );
      }
    }
  }

  // The Gateway's listeners against the route hostnames.
  if (spec.gateway !== undefined && p.hostnames.length > 0) {
    const { namespace, name } = spec.gateway;
    const got = await getJson(`Gateway ${namespace}/${name}`, GATEWAY_CRD, name, "--namespace", namespace);
    const gateway = got?.[0];
    if (gateway !== undefined) {
      const listeners = listenersOf(gateway, p.sectionName);
      const unserved = unservedHostnames(listeners, p.hostnames);
      if (unserved.length > 0) warnings.push(msg.hostnameNotServed(namespace, name, unserved, listeners));
    }
  }

  // Namespaces: reused (never deleted) or created (deleted on destroy).
  const wanted = [p.modelsNamespace, ...Object.values(p.tierNamespaces)];
  const existing = (await getJson("the namespaces", "namespaces", ...wanted)) ?? [];
  for (const ns of wanted) {
    const o = existing.find((x) => x.metadata?.name === ns);
    notes.push(
      o === undefined
        ? `Namespace ${ns}: does not exist; the stack creates it and deletes it on destroy.`
        : o.metadata?.labels?.["app.kubernetes.io/managed-by"] === "maas-kind"
          ? `Namespace ${ns}: exists, created by maas-kind; a stack that created it deletes it on destroy.`
          : `Namespace ${ns}: exists (not created by maas-kind); the stack reuses it and never deletes it.`,
    );
  }

  // maas-api and its tier mapping.
  const mapping = (
    await getJson(
      `ConfigMap ${MAAS_API_NAMESPACE}/${TIER_MAPPING}`,
      "configmaps",
      TIER_MAPPING,
      "--namespace",
      MAAS_API_NAMESPACE,
    )
  )?.[0];
  const profile = p.profile ?? "maas-kind";
  const recognised = await recognisePlatform(getJson, spec, profile, mapping !== undefined);
  const crdsFound = recognised.crds;
  errors.push(...recognised.errors);
  warnings.push(...recognised.warnings);
  notes.push(...recognised.notes);
  if (profile === "maas-subscriptions") {
    // The tier mapping is the Kind overlay's; today's MaaS maps identities through MaaSAuthPolicy instead.
  } else if (mapping === undefined) {
    notes.push(
      `No MaaS platform found (no ConfigMap ${MAAS_API_NAMESPACE}/${TIER_MAPPING}): nothing of maas-api's is ` +
        `reused or touched; the tier tokens work on the models' RBAC alone.`,
    );
  } else {
    const tiers = mappedTiers(mapping);
    notes.push(
      `MaaS platform found: maas-api's tier mapping ${MAAS_API_NAMESPACE}/${TIER_MAPPING} has tiers ` +
        `${tiers.join(", ") || "none"}; each tier's ServiceAccount goes to its namespace ` +
        `${Object.entries(p.tierNamespaces)
          .map(([t, ns]) => `${ns} (${t})`)
          .join(", ")}, whose group maas-api maps to that tier. ` +
        `The stack leaves every object of maas-api's and of the overlay as it is.`,
    );
    const unknown = Object.keys(p.tierNamespaces).filter((t) => !tiers.includes(t));
    if (unknown.length > 0) warnings.push(msg.tierNotMapped(unknown, tiers));
  }

  // Objects in the way of the ones the stack creates, per namespace that exists (the models namespace, and on
  // maas-subscriptions the subscription namespace), of the types whose CRD is there (MaaS's may not be).
  const inNamespace = (o: PlannedObject) => o.namespace ?? p.modelsNamespace;
  const others = [...new Set(p.planned.map(inNamespace))].filter((ns) => ns !== p.modelsNamespace);
  const present = new Set(existing.map((x) => x.metadata?.name));
  if (others.length > 0) {
    for (const o of (await getJson("the namespaces", "namespaces", ...others)) ?? [])
      present.add(o.metadata?.name);
  }
  const checkable = p.planned.filter(
    (o) =>
      present.has(inNamespace(o)) && (!MAAS_CRDS.includes(o.type) || crdsFound?.includes(o.type) === true),
  );
  const found: KubeObject[] = [];
  for (const ns of [...new Set(checkable.map(inNamespace))]) {
    const here = checkable.filter((o) => inNamespace(o) === ns);
    for (const type of [...new Set(here.map((o) => o.type))]) {
      const names = here.filter((o) => o.type === type).map((o) => o.name);
      const got = await getJson(`${type} in ${ns}`, type, ...names, "--namespace", ns);
      found.push(...(got ?? []).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } })));
    }
  }
  const foreign = foreignObjects(checkable, found, p.stack).map((o) => ({ ...o, namespace: inNamespace(o) }));
  if (foreign.length > 0) {
    const prefix = `kubectl${kubeconfigPath !== undefined ? ` --kubeconfig ${kubeconfigPath}` : ""} --context ${spec.context}`;
    const commands = [...new Set(foreign.map((o) => o.namespace))].flatMap((ns) =>
      deleteCommands(
        prefix,
        ns,
        foreign.filter((o) => o.namespace === ns),
      ),
    );
    const among = (list: readonly PlannedObject[]) => (o: PlannedObject) =>
      list.some(
        (t) =>
          t.kind === o.kind &&
          t.name === o.name &&
          (t.namespace === undefined || t.namespace === o.namespace),
      );
    if (profile === "maas-subscriptions" && foreign.every(among(MAAS_SAMPLE_OBJECTS)))
      errors.push(msg.maasSamplesPresent(p.modelsNamespace, foreign, commands));
    else if (profile !== "maas-subscriptions" && foreign.every(among(MAAS_TEST_MODEL_OBJECTS)))
      errors.push(msg.maasTestModelsPresent(p.modelsNamespace, foreign, commands));
    else errors.push(msg.objectsInTheWay(p.modelsNamespace, foreign, commands, STACK_LABEL, profile));
  }
  return { errors, warnings, notes, ...(containerName !== undefined ? { containerName } : {}) };
}

type GetJson = (what: string, ...args: string[]) => Promise<KubeObject[] | undefined>;

/**
 * Which MaaS the cluster runs (its CRDs, maas-controller and maas-api Deployments in any namespace, the Kind
 * overlay's tier mapping), against the configured profile: a profile that does not fit is an error (a warning
 * when the fit is only probable); on maas-subscriptions the LLMInferenceService CRD must have
 * `spec.storageInitializer` in the configured version (KServe ≥ v0.17). Returns the CRDs it found (`crds`; absent
 * when they could not be read), so the objects check looks up only types the cluster has.
 */
async function recognisePlatform(
  getJson: GetJson,
  spec: ClusterCheckSpec,
  profile: PlatformProfile,
  tierMapping: boolean,
): Promise<{ errors: string[]; warnings: string[]; notes: string[]; crds?: string[] }> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const crds = await getJson(
    "the KServe and MaaS CRDs",
    "customresourcedefinitions",
    KSERVE_CRD,
    ...MAAS_CRDS,
  );
  const crdNames = crds?.map((c) => c.metadata?.name).filter((n): n is string => n !== undefined);
  const found = crdNames !== undefined ? { crds: crdNames } : {};
  const deployments: KubeObject[] = [];
  for (const name of [MAAS_CONTROLLER, MAAS_API]) {
    const got = await getJson(
      `the ${name} Deployments`,
      "deployments.apps",
      "--all-namespaces",
      "--field-selector",
      `metadata.name=${name}`,
    );
    if (got === undefined) return { errors, warnings, notes, ...found };
    deployments.push(...got);
  }
  if (crds === undefined) return { errors, warnings, notes };
  const verdict = fittingProfile(platformSigns(crds, deployments, tierMapping));
  if (verdict.profile !== profile || !verdict.certain) {
    if (verdict.profile === undefined && profile === "maas-kind") {
      // No MaaS: the maas-kind profile works on the models' RBAC alone (the tier-mapping note says so).
    } else {
      const message = msg.platformMismatch(profile, verdict.profile, verdict.certain, verdict.evidence);
      if (verdict.certain || verdict.profile === undefined) errors.push(message);
      else warnings.push(message);
    }
  } else notes.push(`Platform ${profile} recognised: ${verdict.evidence}.`);
  if (profile === "maas-subscriptions" && spec.kserveApiVersion !== undefined) {
    const kserve = crds.find((c) => c.metadata?.name === KSERVE_CRD);
    const version = spec.kserveApiVersion.split("/")[1] ?? "";
    const withField = kserve === undefined ? [] : storageInitializerVersions(kserve);
    if (kserve !== undefined && !withField.includes(version))
      errors.push(msg.kserveTooOldForSubscriptions(spec.kserveApiVersion, withField));
  }
  return { errors, warnings, notes, ...found };
}

/** Inputs of the ClusterPreflight resource: the spec, plus what `check` found. */
export interface ClusterPreflightInputs extends ClusterCheckSpec {
  readonly warnings?: string[];
  readonly notes?: string[];
  readonly containerName?: string;
}

/** The value Pulumi gives an input that is not known yet (during a preview). */
const UNKNOWN: string = pulumi.runtime.unknownValue;

/** True if any input (deeply) is not known yet: the cluster the checks need does not exist yet. */
export function hasUnknowns(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknowns);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnknowns);
  return false;
}

const COMPARED = [
  "cluster",
  "engine",
  "context",
  "kubeconfig",
  "kserveApiVersion",
  "requireGatewayApi",
  "gatewayApiVersion",
  "gateway",
  "platform",
  "kind",
  "warnings",
  "notes",
  "containerName",
] as const;

/**
 * The dynamic provider: `check` runs the checks (failures are the errors, one per message; the warnings join
 * the inputs); `diff` reports a change when the spec or the warnings changed; create/update store them.
 * `makeRunner` is injectable for tests.
 */
export function clusterPreflightProvider(
  makeRunner: () => Runner = processRunner,
): pulumi.dynamic.ResourceProvider {
  return {
    async check(_olds: ClusterPreflightInputs, news: ClusterPreflightInputs) {
      if (hasUnknowns(news)) return { inputs: news };
      const report = await checkCluster(makeRunner(), news);
      if (report.errors.length > 0) {
        return { inputs: news, failures: report.errors.map((reason) => ({ property: "", reason })) };
      }
      return {
        inputs: {
          ...news,
          warnings: report.warnings,
          ...(report.notes !== undefined ? { notes: report.notes } : {}),
          ...(report.containerName !== undefined ? { containerName: report.containerName } : {}),
        },
      };
    },
    async diff(_id: string, olds: ClusterPreflightInputs, news: ClusterPreflightInputs) {
      const changes = COMPARED.some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
      return { changes, replaces: [] };
    },
    async create(inputs: ClusterPreflightInputs) {
      return { id: inputs.context, outs: inputs };
    },
    async update(_id: string, _olds: ClusterPreflightInputs, news: ClusterPreflightInputs) {
      return { outs: news };
    },
    async read(id: string, props: ClusterPreflightInputs) {
      return { id, props };
    },
    async delete() {
      // Nothing to undo: the preflight only reads the cluster.
    },
  };
}

const defaultProvider = clusterPreflightProvider();

/** Arguments of ClusterPreflight. */
export interface ClusterPreflightArgs {
  readonly cluster: pulumi.Input<string>;
  readonly engine: pulumi.Input<ContainerEngine>;
  readonly context: pulumi.Input<string>;
  /** kubeconfig path or contents (a secret); undefined → kubectl's default. */
  readonly kubeconfig?: pulumi.Input<string>;
  readonly kserveApiVersion?: pulumi.Input<string>;
  readonly requireGatewayApi: pulumi.Input<boolean>;
  readonly gatewayApiVersion: pulumi.Input<string>;
  readonly gateway?: pulumi.Input<{ readonly namespace: string; readonly name: string }>;
  readonly platform?: pulumi.Input<PlatformSpec>;
  /** False when no Kind is involved; absent otherwise (so existing stacks see no change). */
  readonly kind?: pulumi.Input<boolean>;
}

/**
 * The objects the stack creates under names someone else may already use: in the models namespace, and on
 * maas-subscriptions each tier's MaaSAuthPolicy and MaaSSubscription in the subscription namespace (for the tiers
 * that may use a model, as SubscriptionsPlatform creates them). Not KServe's `<model>-kserve-route`: KServe
 * creates it for the LLMInferenceService (without the stack's label), so an LLMInferenceService in the way is
 * what the check finds.
 */
export function plannedObjects(config: StackConfig): PlannedObject[] {
  const models = config.models.map((m) => m.name);
  if (config.platform === "maas-subscriptions") {
    const namespace = config.subscriptions.namespace;
    return [
      ...models.map((name) => ({ kind: "LLMInferenceService", type: KSERVE_CRD, name })),
      ...models.map((name) => ({ kind: "MaaSModelRef", type: MAAS_MODEL_REFS, name })),
      ...config.tiers
        .filter((t) => allowedModels(config.tiers, config.models, t.name).length > 0)
        .flatMap((t) => [
          { kind: "MaaSAuthPolicy", type: MAAS_AUTH_POLICIES, name: tierAuthPolicyName(t.name), namespace },
          {
            kind: "MaaSSubscription",
            type: MAAS_SUBSCRIPTIONS,
            name: tierSubscriptionName(t.name),
            namespace,
          },
        ]),
    ];
  }
  const planned: PlannedObject[] =
    config.workload === "kserve"
      ? models.map((name) => ({
          kind: "LLMInferenceService",
          type: "llminferenceservices.serving.kserve.io",
          name,
        }))
      : [
          ...models.map((m) => ({
            kind: "Deployment",
            type: "deployments.apps",
            name: workloadDeploymentName(m),
          })),
          ...models.map((m) => ({ kind: "Service", type: "services", name: workloadServiceName(m) })),
        ];
  if (config.gateway.createRoutes) {
    planned.push(
      ...models.map((m) => ({
        kind: "HTTPRoute",
        type: "httproutes.gateway.networking.k8s.io",
        name: modelRouteName(m),
      })),
    );
  }
  // Last: a PVC still mounted by a model's pods is only deleted once those are gone.
  if (config.workload === "kserve") {
    planned.push({
      kind: "PersistentVolumeClaim",
      type: "persistentvolumeclaims",
      name: config.storage.claimName,
    });
  }
  return planned;
}

/**
 * What to check, from the stack config: KServe's CRD in `kserve` mode; the HTTPRoute CRD when routes are wanted
 * and the stack does not install the Gateway API itself; the Gateway when routes are wanted; the platform survey
 * for stack `stack`.
 */
export function configuredChecks(
  config: StackConfig,
  stack: string,
): Pick<
  ClusterCheckSpec,
  "engine" | "kserveApiVersion" | "requireGatewayApi" | "gatewayApiVersion" | "gateway" | "platform" | "kind"
> {
  const routes = config.gateway.createRoutes;
  const platform: PlatformSpec = {
    stack,
    modelsNamespace: config.namespaces.models,
    tierNamespaces: { ...config.namespaces.tiers },
    planned: plannedObjects(config),
    hostnames: routes ? [...config.gateway.hostnames] : [],
    ...(config.gateway.sectionName !== undefined ? { sectionName: config.gateway.sectionName } : {}),
    ...(config.workload === "kserve" ? { defaultContainer: MAIN_CONTAINER } : {}),
    profile: config.platform,
  };
  return {
    platform,
    engine: config.cluster.containerEngine,
    ...(config.workload === "kserve" ? { kserveApiVersion: config.kserveApiVersion } : {}),
    requireGatewayApi: routes && !config.gatewayApi.install,
    gatewayApiVersion: config.gatewayApi.version,
    ...(routes ? { gateway: { namespace: config.gateway.namespace, name: config.gateway.name } } : {}),
    ...(!config.kind.create && config.image.delivery === "registry" ? { kind: false } : {}),
  };
}

/** The ClusterPreflight resource's arguments: the configured checks on the stack's cluster target. */
export function clusterPreflightArgs(
  config: StackConfig,
  target: ClusterTarget,
  stack: string = pulumi.getStack(),
): ClusterPreflightArgs {
  return {
    cluster: target.name,
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
    ...configuredChecks(config, stack),
  };
}

/** The same checks as plain values, for running them without Pulumi (`npm run doctor`). */
export function clusterCheckSpec(
  config: StackConfig,
  target: { readonly name: string; readonly context: string; readonly kubeconfig?: string },
  stack: string,
): ClusterCheckSpec {
  return {
    cluster: target.name,
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
    ...configuredChecks(config, stack),
  };
}

/** The cluster checks, re-run on every preview and up; depend on it to run after them. */
export class ClusterPreflight extends pulumi.dynamic.Resource {
  /** Warnings of the last check (e.g. the Gateway is missing). */
  declare readonly warnings: pulumi.Output<string[]>;
  /** What the last check found on the platform and what the stack reuses or creates. */
  declare readonly notes: pulumi.Output<string[]>;
  /** kserve mode: the container name that KServe's LLM template in effect merges into one container. */
  declare readonly containerName: pulumi.Output<string | undefined>;

  /** Logs each warning as a Pulumi warning and each note as information on this resource, once known. */
  logWarnings(): void {
    this.warnings.apply((warnings) => warnings?.forEach((w) => void pulumi.log.warn(w, this)));
    this.notes.apply((notes) => notes?.forEach((n) => void pulumi.log.info(n, this)));
  }

  constructor(name: string, args: ClusterPreflightArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      {
        ...args,
        ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
        warnings: undefined,
        notes: undefined,
        containerName: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: ["kubeconfig"],
        // Registered as `Preflight` before the type token followed the class name: existing stacks keep the resource.
        aliases: [...(opts?.aliases ?? []), { type: "pulumi-nodejs:dynamic/maas-kind:Preflight" }],
      },
      "maas-kind",
      "ClusterPreflight",
    );
  }
}
