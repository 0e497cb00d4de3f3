/**
 * How KServe v0.16.0 builds the pod of a single-node LLMInferenceService (no router, prefill or worker), from
 * kserve/kserve v0.16.0 (5b033a4024429302440b72180472ae2d26b44086), pkg/controller/v1alpha1/llmisvc/config_merge.go:
 *
 * - `combineBaseRefsConfig`: the well-known config `kserve-config-llm-template`, then the service's own
 *   `baseRefs`, then the service itself, merged in that order (`MergeSpecs`).
 * - `getConfig`: each config is read from the service's namespace first, else from `kserve`
 *   (`constants.KServeNamespace`), else the reconcile fails.
 * - `mergeSpecs`: a strategic merge patch (k8s.io/apimachinery strategicpatch) of the override onto the base, so
 *   lists follow the patch strategies of k8s.io/api/core/v1 types.go: containers, initContainers, volumes,
 *   imagePullSecrets and env merge by `name`, ports by `containerPort`, volumeMounts by `mountPath`; every
 *   other list (args, command, …) is replaced; maps merge key by key.
 * - `ReplaceVariables`: the merged config is a Go template over the service (`{{ .Spec.Model.Name }}`,
 *   `{{ ChildName .ObjectMeta.Name `suffix` }}`: the two forms the vendored templates use).
 *
 * Not modelled: the order strategic merge gives merged list items (base order, new items appended here).
 *
 * KServe v0.17.0 (c71eba91, pkg/controller/v1alpha2/llmisvc/config_merge.go) builds the pod the same way; a
 * `router` with a route and no scheduler (the managed router) adds the well-known `kserve-config-llm-router-route`
 * to the merge, which fills `router.route` only, so the pod is the single-node one; `managedRouteRulesOn`
 * renders that route as KServe does without a scheduler (every backend the Service `<name>-kserve-workload-svc`).
 */
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";

/** The single-node well-known config's name. */
export const LLM_TEMPLATE = "kserve-config-llm-template";
/** KServe's system namespace. */
export const KSERVE_NAMESPACE = "kserve";

type Json = Record<string, unknown>;

/** Merge keys of lists, by field name (k8s.io/api/core/v1 `patchMergeKey` with `patchStrategy:"merge"`). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  imagePullSecrets: "name",
  env: "name",
  ports: "containerPort",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
};

function isMap(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Strategic merge of `override` onto `base` (fields named as in a PodSpec/LLMInferenceServiceSpec). */
export function strategicMerge(base: unknown, override: unknown, field = ""): unknown {
  if (Array.isArray(override)) {
    const key = MERGE_KEYS[field];
    if (key === undefined || !Array.isArray(base)) return structuredClone(override);
    const out = structuredClone(base) as Json[];
    for (const item of override as Json[]) {
      const i = out.findIndex((b) => b[key] === item[key]);
      if (i >= 0) out[i] = strategicMerge(out[i], item) as Json;
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (isMap(override)) {
    const out: Json = isMap(base) ? { ...structuredClone(base) } : {};
    for (const [k, v] of Object.entries(override)) out[k] = strategicMerge(out[k], v, k);
    return out;
  }
  return override === undefined ? structuredClone(base) : override;
}

/** The LLMInferenceServiceConfig `name` in effect for a service in `namespace` (getConfig's lookup order). */
export function configInEffect(cluster: FakeCluster, namespace: string, name = LLM_TEMPLATE): K8sObject {
  const found =
    cluster.get("LLMInferenceServiceConfig", name, namespace) ??
    cluster.get("LLMInferenceServiceConfig", name, KSERVE_NAMESPACE);
  if (!found) {
    throw new Error(
      `failed to get LLMInferenceServiceConfig "${name}" from namespaces ["${namespace}", "${KSERVE_NAMESPACE}"]`,
    );
  }
  return found;
}

/** kmeta.ChildName: `parent + suffix`, which is what it is for names of at most 63 characters. */
function childName(parent: string, suffix: string): string {
  const name = parent + suffix;
  if (name.length > 63)
    throw new Error(`ChildName ${name}: names over 63 characters are hashed (not modelled)`);
  return name;
}

/** ReplaceVariables for the two template forms the vendored configs use. */
export function replaceVariables(value: unknown, service: K8sObject): unknown {
  const spec = service.spec as { model?: { name?: string } } | undefined;
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(.*?)\}\}/g, (_m, expr: string) => {
      const e = expr.trim();
      if (e === ".Spec.Model.Name") return spec?.model?.name ?? service.metadata.name;
      const child = /^ChildName \.ObjectMeta\.Name `([^`]*)`$/.exec(e);
      if (child) return childName(service.metadata.name, child[1] as string);
      throw new Error(`template expression {{${expr}}} is not modelled`);
    }),
  );
}

/** The pod spec KServe builds for a single-node LLMInferenceService on `cluster`. */
export function resolvedPodSpec(cluster: FakeCluster, service: K8sObject): Json {
  const spec = service.spec as Json;
  for (const f of ["worker", "prefill", "router", "parallelism"]) {
    if (f === "router" && isManagedRouterOnly(spec[f])) continue;
    if (spec[f] !== undefined)
      throw new Error(`${service.metadata.name}: spec.${f} is not single-node (not modelled)`);
  }
  const namespace = service.metadata.namespace as string;
  const refs = [
    LLM_TEMPLATE,
    ...((spec.baseRefs as { name: string }[] | undefined) ?? []).map((r) => r.name),
  ];
  let merged: unknown = {};
  for (const ref of refs)
    merged = strategicMerge(merged, (configInEffect(cluster, namespace, ref).spec as Json) ?? {});
  merged = strategicMerge(merged, spec);
  return replaceVariables((merged as Json).template ?? {}, service) as Json;
}

/** True for a `router` that only asks for KServe's managed route (no scheduler, no route refs). */
function isManagedRouterOnly(router: unknown): boolean {
  if (!isMap(router) || router.scheduler !== undefined) return false;
  const route = router.route;
  return isMap(route) && !(isMap(route.http) && route.http.refs !== undefined);
}

/** The well-known route config's name. */
export const ROUTER_ROUTE = "kserve-config-llm-router-route";

/** A rule of the rendered managed route. */
export interface RenderedRule {
  readonly matches: { path: { type: string; value: string } }[];
  readonly filters: { type: string; urlRewrite: { path: { type: string; replacePrefixMatch: string } } }[];
  readonly backendRefs: { group: string; kind: string; name: string; port: number }[];
}

/** The managed HTTPRoute KServe creates for `service` on `cluster`: its name, parentRefs and rules. */
export function managedRouteOn(
  cluster: FakeCluster,
  service: K8sObject,
): { name: string; parentRefs: { name: string; namespace: string }[]; rules: RenderedRule[] } {
  const spec = service.spec as { router?: { gateway?: { refs?: { name: string; namespace: string }[] } } };
  if (!isManagedRouterOnly(spec.router)) throw new Error(`${service.metadata.name}: no managed router`);
  const config = configInEffect(cluster, service.metadata.namespace as string, ROUTER_ROUTE);
  const rendered = JSON.parse(
    JSON.stringify(config.spec).replace(/\{\{(.*?)\}\}/g, (_m, expr: string) => {
      const e = expr.trim();
      if (e === ".ObjectMeta.Namespace") return service.metadata.namespace as string;
      if (e === ".ObjectMeta.Name") return service.metadata.name;
      const child = /^ChildName \.ObjectMeta\.Name `([^`]*)`$/.exec(e);
      if (child) return childName(service.metadata.name, child[1] as string);
      if (e.startsWith(".GlobalConfig.")) return "from-global-config"; // replaced by the gateway refs below
      throw new Error(`template expression {{${expr}}} is not modelled`);
    }),
  ) as { router: { route: { http: { spec: { rules: RenderedRule[] } } } } };
  const rules = rendered.router.route.http.spec.rules.map((r) => ({
    matches: r.matches,
    filters: r.filters,
    backendRefs: r.backendRefs.map((b) => ({
      group: "",
      kind: "Service",
      name: childName(service.metadata.name, "-kserve-workload-svc"),
      port: b.port,
    })),
  }));
  return {
    name: childName(service.metadata.name, "-kserve-route"),
    parentRefs: spec.router?.gateway?.refs ?? [],
    rules,
  };
}
