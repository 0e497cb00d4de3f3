/**
 * Every preflight message, as functions of what was found. Each message starts with a fixed headline (listed in
 * `PREFLIGHT_HEADLINES`, which the Preflight checks table of docs/operations.md repeats and a test compares), says what is
 * wrong in this machine's terms, and ends with the fix. Plain functions without imports at run time, because
 * the cluster preflight's dynamic provider is serialized by Pulumi.
 */
import type { ContainerEngine } from "../exec/kind-cli";
import { kindEnvPrefix } from "../exec/kind-cli";

/** The headline each message starts with, by message. */
export const PREFLIGHT_HEADLINES = {
  engineMissing: "Container engine not found",
  engineNotRunning: "Container engine not running",
  kindMissing: "kind not found",
  kindTooOld: "kind too old",
  kubectlMissing: "kubectl not found",
  kindFailed: "kind cannot list clusters",
  clusterMissing: "Kind cluster not found",
  portInUse: "Host port in use",
  privilegedPort: "Privileged host port",
  clusterUnreachable: "Cluster unreachable",
  kserveMissing: "KServe not installed",
  kserveVersion: "KServe API version not served",
  gatewayApiMissing: "Gateway API CRDs missing",
  gatewayApiTooOld: "Gateway API too old",
  gatewayNotFound: "Gateway not found",
  llmTemplateMissing: "KServe LLM template missing",
  llmTemplateContainers: "KServe LLM template has several containers",
  hostnameNotServed: "Route hostname not served",
  tierNotMapped: "Tier not in maas-api's mapping",
  maasTestModelsPresent: "MaaS test models present",
  maasSamplesPresent: "MaaS samples present",
  objectsInTheWay: "Objects in the way",
  platformUnsupported: "Image platform not buildable",
  registryUnreachable: "Registry unreachable",
  platformMismatch: "Platform profile does not fit",
  kserveTooOldForSubscriptions: "KServe too old for maas-subscriptions",
} as const;

/** Key of one preflight message. */
export type PreflightMessage = keyof typeof PREFLIGHT_HEADLINES;

const H = PREFLIGHT_HEADLINES;

/** The last non-empty lines of a command's stderr, on one line: the detail a message quotes. */
export function commandDetail(stderr: string, lines = 2): string {
  const tail = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(-lines)
    .join(" ");
  return tail === "" ? "no output" : tail.length > 300 ? `${tail.slice(0, 297)}...` : tail;
}

const ENGINE_NAME: Record<ContainerEngine, string> = { docker: "Docker", podman: "Podman" };
const ENGINE_INSTALL: Record<ContainerEngine, string> = {
  docker: "https://docs.docker.com/engine/install/",
  podman: "https://podman.io/docs/installation",
};

/** The configured engine's CLI is not on PATH; `installed` is the other engine, if that one is. */
export function engineMissing(engine: ContainerEngine, installed?: ContainerEngine): string {
  const alternative =
    installed === undefined
      ? ""
      : `, or use ${ENGINE_NAME[installed]}, which is installed: set maas-kind:containerEngine: ${installed}` +
        (installed === "podman" ? " (or export KIND_EXPERIMENTAL_PROVIDER=podman)" : "");
  return (
    `${H.engineMissing}: \`${engine}\` is not on PATH, and the stack builds the simulator image and runs ` +
    `Kind's nodes with it. Install ${ENGINE_NAME[engine]} (${ENGINE_INSTALL[engine]})${alternative}.`
  );
}

/** `docker info` / `podman info` failed. */
export function engineNotRunning(engine: ContainerEngine, detail: string): string {
  const start =
    engine === "docker"
      ? "Start Docker (`sudo systemctl start docker`, or Docker Desktop) and make sure your user may use it " +
        "(`docker info` must work without sudo)"
      : "Start Podman's machine (`podman machine start` on macOS and Windows) and make sure `podman info` works";
  return `${H.engineNotRunning}: \`${engine} info\` failed (${detail}). ${start}, then run again.`;
}

/** `kind` is not on PATH. */
export function kindMissing(): string {
  return (
    `${H.kindMissing}: \`kind\` is not on PATH, and the stack creates or adopts the Kind cluster and loads the ` +
    `simulator image with it. Install kind ≥ v0.20 (https://kind.sigs.k8s.io/docs/user/quick-start/#installation).`
  );
}

/** `kind version` names a version below the one the stack supports (`minimum`, e.g. `0.20.0`). */
export function kindTooOld(found: string, minimum: string): string {
  return (
    `${H.kindTooOld}: \`kind version\` says v${found}, and the stack needs kind ≥ v${minimum}. Install a newer kind ` +
    `(https://kind.sigs.k8s.io/docs/user/quick-start/#installation) and make sure it comes first on PATH.`
  );
}

/** `kubectl` is not on PATH. */
export function kubectlMissing(): string {
  return (
    `${H.kubectlMissing}: \`kubectl\` is not on PATH, and the stack mints the tier tokens with ` +
    "`kubectl create token`. Install kubectl (https://kubernetes.io/docs/tasks/tools/)."
  );
}

/** `kind get clusters` failed although the engine runs. */
export function kindFailed(engine: ContainerEngine, detail: string): string {
  const podman =
    engine === "podman"
      ? " With Podman, kind runs with KIND_EXPERIMENTAL_PROVIDER=podman (the stack sets it); check that " +
        "`KIND_EXPERIMENTAL_PROVIDER=podman kind get clusters` works."
      : " Check that `kind get clusters` works in this shell.";
  return `${H.kindFailed}: \`kind get clusters\` failed (${detail}).${podman}`;
}

/** kind.create is false and the cluster does not exist. */
export function clusterMissing(
  cluster: string,
  existing: readonly string[],
  engine: ContainerEngine,
): string {
  return (
    `${H.clusterMissing}: "${cluster}" does not exist (existing: ${existing.join(", ") || "none"}) and ` +
    `maas-kind:kind.create is false. Let the stack create it (kind.create: true), create it yourself ` +
    `(\`${kindEnvPrefix(engine)}kind create cluster --name ${cluster}\`), or set maas-kind:clusterName to an existing cluster.`
  );
}

/** A host port the stack would publish is taken. */
export function portInUse(port: number, key: string): string {
  return (
    `${H.portInUse}: port ${port} (maas-kind:${key}) is already taken on this machine, so kind cannot publish ` +
    `the gateway on it. Set maas-kind:kind.httpPort and kind.httpsPort to free ports (e.g. 8080 and 8443); ` +
    `the gateway URL in the outputs follows them.`
  );
}

/** A rootless engine cannot publish a port below 1024. */
export function privilegedPort(engine: ContainerEngine, port: number, key: string): string {
  return (
    `${H.privilegedPort}: rootless ${ENGINE_NAME[engine]} cannot publish port ${port} (maas-kind:${key}). ` +
    `Use ports ≥ 1024 (e.g. kind.httpPort: 8080 and kind.httpsPort: 8443), or allow low ports with ` +
    `\`sudo sysctl net.ipv4.ip_unprivileged_port_start=${port}\`.`
  );
}

/** kubectl cannot reach the cluster's API server; `kind` false: the cluster is not known to be a Kind cluster. */
export function clusterUnreachable(
  context: string,
  cluster: string,
  engine: ContainerEngine,
  detail: string,
  kind = true,
): string {
  const check = kind
    ? `Check that the Kind cluster runs: \`${engine} ps\` lists ${cluster}-control-plane (start it with ` +
      `\`${engine} start ${cluster}-control-plane\`).`
    : `Check that the cluster runs and that your credentials for it are current (log in again, e.g. ` +
      `\`oc login\`), then try \`kubectl --context ${context} get --raw /readyz\`.`;
  return (
    `${H.clusterUnreachable}: kubectl cannot reach context ${context} (${detail}). ${check} If the cluster was ` +
    `deleted, run \`npm run refresh\` (with maas-kind:deleteUnreachable: true) so the stack forgets it` +
    (kind ? "; with kind.create: true the next `npm run up` creates it again." : ".")
  );
}

/** workload: kserve, and the LLMInferenceService CRD is missing. */
export function kserveMissing(): string {
  return (
    `${H.kserveMissing}: the CRD llminferenceservices.serving.kserve.io is missing, and workload: kserve ` +
    `creates LLMInferenceServices. Install KServe ≥ 0.16 (with its LLMInferenceService controller), or set ` +
    `maas-kind:workload: deployment to run the models as plain Deployments.`
  );
}

/** The LLMInferenceService CRD does not serve the configured version. */
export function kserveVersion(apiVersion: string, served: readonly string[]): string {
  const suggestion = served[0] !== undefined ? `serving.kserve.io/${served[0]}` : "a served version";
  return (
    `${H.kserveVersion}: the LLMInferenceService CRD serves ${served.join(", ") || "no version"}, not ` +
    `maas-kind:kserveApiVersion ${apiVersion}. Set kserveApiVersion to ${suggestion}, or upgrade KServe.`
  );
}

/** HTTPRoutes are wanted and their CRD is missing. */
export function gatewayApiMissing(defaultVersion: string): string {
  return (
    `${H.gatewayApiMissing}: httproutes.gateway.networking.k8s.io is not installed, so the models' HTTPRoutes ` +
    `cannot be created. Set maas-kind:gatewayApi: {install: true} to install the standard CRDs ` +
    `(${defaultVersion}), or maas-kind:httpRoutes: false to skip the routes.`
  );
}

/** The HTTPRoute CRD does not serve `v1`. */
export function gatewayApiTooOld(served: readonly string[]): string {
  return (
    `${H.gatewayApiTooOld}: the HTTPRoute CRD serves ${served.join(", ") || "no version"} but not v1 ` +
    `(Gateway API ≥ v1.0). Upgrade the Gateway API CRDs, or set maas-kind:httpRoutes: false.`
  );
}

/** The Gateway the routes attach to does not exist (a warning). */
export function gatewayNotFound(namespace: string, name: string, crdMissing: boolean): string {
  const why = crdMissing ? " (the Gateway CRD itself is missing)" : "";
  return (
    `${H.gatewayNotFound}: ${namespace}/${name} does not exist${why}, so the HTTPRoutes are created but not ` +
    `served until it does; direct access through the outputs' portForward commands still works. Install the ` +
    `MaaS gateway, or point maas-kind:gateway at an existing Gateway.`
  );
}

/** No `kserve-config-llm-template` in the models namespace nor in `kserve`: KServe cannot build any model. */
export function llmTemplateMissing(modelsNamespace: string): string {
  return (
    `${H.llmTemplateMissing}: no LLMInferenceServiceConfig kserve-config-llm-template in namespace ` +
    `${modelsNamespace} nor in kserve, and KServe merges it into every LLMInferenceService (it fails to ` +
    `reconcile without it). Reinstall KServe ≥ 0.16 (its release creates it in kserve), or set ` +
    `maas-kind:workload: deployment.`
  );
}

/** The LLM template in effect has several containers (an error); `detail` says which. */
export function llmTemplateContainers(detail: string): string {
  return `${H.llmTemplateContainers}: ${detail}`;
}

/** Route hostnames that no listener of the Gateway serves (a warning). */
export function hostnameNotServed(
  namespace: string,
  name: string,
  hostnames: readonly string[],
  listeners: readonly { readonly name?: string; readonly hostname?: string }[],
): string {
  const served = listeners.map((l) => `${l.name ?? "?"}: ${l.hostname ?? "any hostname"}`).join(", ");
  return (
    `${H.hostnameNotServed}: no listener of Gateway ${namespace}/${name} (${served || "no listeners"}) serves ` +
    `${hostnames.join(", ")}, so requests for ${hostnames.length === 1 ? "it" : "them"} get no route. Set ` +
    `maas-kind:hostnames to hostnames the Gateway serves (the MaaS Kind Gateway serves localhost only).`
  );
}

/** Configured tiers that maas-api's tier mapping lacks (a warning). */
export function tierNotMapped(tiers: readonly string[], mapped: readonly string[]): string {
  return (
    `${H.tierNotMapped}: ${tiers.join(", ")} ${tiers.length === 1 ? "is" : "are"} not in maas-api's ConfigMap ` +
    `maas-api/tier-to-group-mapping (tiers: ${mapped.join(", ") || "none"}), so the gateway cannot resolve ` +
    `${tiers.length === 1 ? "its" : "their"} tokens to ${tiers.length === 1 ? "that tier" : "those tiers"}. ` +
    `Add ${tiers.length === 1 ? "it" : "them"} to the mapping's tiers, or use the mapping's tier names in maas-kind:tiers.`
  );
}

/** MaaS's own test models occupy the names of the stack's models (an error). */
export function maasTestModelsPresent(
  namespace: string,
  objects: readonly { readonly kind: string; readonly name: string }[],
  commands: readonly string[],
): string {
  return (
    `${H.maasTestModelsPresent}: namespace ${namespace} holds MaaS's own test models ` +
    `(${objects.map((o) => `${o.kind} ${o.name}`).join(", ")}, from install.sh without --without-models), ` +
    `under the names this stack's models take. The stack never deletes what it did not create: remove them ` +
    `with ${commands.map((c) => `\`${c}\``).join(" and ")}, then run up again (or install MaaS with ` +
    `install.sh --without-models).`
  );
}

/** An object that may name its namespace. */
interface Located {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** `namespace <ns> already holds <kind> <name>, …`, or per namespace when the objects lie in several. */
function holding(namespace: string, objects: readonly Located[], verb: string): string {
  const groups = new Map<string, string[]>();
  for (const o of objects) {
    const ns = o.namespace ?? namespace;
    groups.set(ns, [...(groups.get(ns) ?? []), `${o.kind} ${o.name}`]);
  }
  return [...groups]
    .map(([ns, names], i) => `${i === 0 ? "namespace" : "and namespace"} ${ns} ${verb} ${names.join(", ")}`)
    .join(", ");
}

/** MaaS's samples (models-as-a-service docs/samples/) occupy the names of the maas-subscriptions stack's objects (an error). */
export function maasSamplesPresent(
  namespace: string,
  objects: readonly Located[],
  commands: readonly string[],
): string {
  return (
    `${H.maasSamplesPresent}: ${holding(namespace, objects, "holds")}, objects of MaaS's samples ` +
    `(docs/samples/, e.g. \`kustomize build docs/samples/maas-system | kubectl apply -f -\`), under the names this ` +
    `stack's models and tiers take. The stack never deletes what it did not create: remove them with ` +
    `${commands.map((c) => `\`${c}\``).join(" and ")}, then run up again, or rename the stack's models ` +
    `(maas-kind:models) or tiers (maas-kind:tiers).`
  );
}

/**
 * Objects the stack did not create occupy the names of objects it creates (an error); `profile` says which
 * config keys rename them (maas-kind: models and the PVC, maas-subscriptions: models and tiers).
 */
export function objectsInTheWay(
  namespace: string,
  objects: readonly Located[],
  commands: readonly string[],
  label: string,
  profile: "maas-kind" | "maas-subscriptions" = "maas-kind",
): string {
  const rename =
    profile === "maas-subscriptions"
      ? "the stack's models (maas-kind:models) or tiers (maas-kind:tiers, which name their MaaSAuthPolicy and MaaSSubscription)"
      : "the stack's models (maas-kind:models) or storage (maas-kind:storageClaim)";
  return (
    `${H.objectsInTheWay}: ${holding(namespace, objects, "already holds")}, ` +
    `not created by this stack (no ${label} label naming it), under names the stack's objects take. Rename ` +
    `${rename}, or remove those objects with ${commands.map((c) => `\`${c}\``).join(" and ")}.`
  );
}

/** imagePlatform is foreign to the engine, which cannot build it (no BuildKit platform, no QEMU binfmt). */
export function platformUnsupported(
  engine: ContainerEngine,
  platform: string,
  native: string,
  found: string,
): string {
  const arch = platform.split("/")[1] ?? platform;
  return (
    `${H.platformUnsupported}: maas-kind:imagePlatform is ${platform} but the ${ENGINE_NAME[engine]} engine ` +
    `runs ${native} and cannot build for it (${found}). Building for a foreign architecture needs BuildKit ` +
    `and QEMU emulation registered with binfmt_misc: install it (e.g. \`${engine} run --privileged --rm ` +
    `tonistiigi/binfmt --install ${arch}\`, or the qemu-user-static package), build on a ${platform} machine, ` +
    `or unset imagePlatform to build for ${native}.`
  );
}

/** Registry delivery, and the registry does not answer on /v2/. */
export function registryUnreachable(server: string, detail: string): string {
  return (
    `${H.registryUnreachable}: ${server} (the registry of maas-kind:imageRepository) does not answer on ` +
    `https://${server}/v2/ (${detail}), so the simulator image cannot be pushed. Check the name and the ` +
    `network, log in with \`docker login ${server}\` if it needs one, or set imageDelivery: kind on a Kind cluster.`
  );
}

/** What each profile is, for the platform messages. */
const PROFILE_SETUP = {
  "maas-kind":
    "MaaS's Kind overlay setup (models-as-a-service 30050fd3: tier ConfigMap, gateway-wide policies)",
  "maas-subscriptions":
    "today's MaaS (maas-controller with MaaSModelRef, MaaSAuthPolicy and MaaSSubscription; maas-api's API keys)",
} as const;

/**
 * The configured profile does not fit the platform found (an error when `certain`, else a warning); `fitting`
 * undefined: no MaaS at all (maas-kind works there on the models' RBAC alone, maas-subscriptions does not).
 */
export function platformMismatch(
  configured: "maas-kind" | "maas-subscriptions",
  fitting: "maas-kind" | "maas-subscriptions" | undefined,
  certain: boolean,
  evidence: string,
): string {
  if (fitting === undefined) {
    return (
      `${H.platformMismatch}: maas-kind:platform is ${configured}, and this cluster has no MaaS (${evidence}), so ` +
      `nothing would reconcile the MaaSModelRef, MaaSAuthPolicy and MaaSSubscription objects the profile creates. ` +
      `Set maas-kind:platform: maas-kind (which works without MaaS, on the models' RBAC), or install today's MaaS ` +
      `first (models-as-a-service test/e2e/scripts/local-deploy.sh on Kind).`
    );
  }
  if (fitting === configured) {
    return (
      `${H.platformMismatch}: maas-kind:platform is ${configured}, and this cluster has only part of it ` +
      `(${evidence}): MaaS's CRDs and a running maas-controller are both needed, or the objects the profile ` +
      `creates are never turned into routes and policies. Finish or repair the MaaS install (models-as-a-service ` +
      `test/e2e/scripts/local-deploy.sh on Kind), then run again.`
    );
  }
  return (
    `${H.platformMismatch}: maas-kind:platform is ${configured}, but this cluster ${certain ? "runs" : "probably runs"} ` +
    `${PROFILE_SETUP[fitting]} (found: ${evidence}). Set maas-kind:platform: ${fitting}, or point the stack at a ` +
    `cluster running ${PROFILE_SETUP[configured]}.`
  );
}

/** platform maas-subscriptions, and the LLMInferenceService CRD's configured version lacks spec.storageInitializer. */
export function kserveTooOldForSubscriptions(apiVersion: string, withField: readonly string[]): string {
  const other =
    withField.length > 0
      ? ` (it has it in ${withField.join(", ")}: set maas-kind:kserveApiVersion to serving.kserve.io/${withField[0]})`
      : "";
  return (
    `${H.kserveTooOldForSubscriptions}: the LLMInferenceService CRD has no spec.storageInitializer in ` +
    `${apiVersion}${other}, and maas-kind:platform maas-subscriptions turns the storage initializer off in every ` +
    `model (as MaaS's own models do). Install KServe v0.17 or later (or the opendatahub-io KServe build MaaS's ` +
    `local-deploy.sh uses), or set maas-kind:platform: maas-kind.`
  );
}
