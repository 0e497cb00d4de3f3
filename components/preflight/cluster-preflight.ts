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
import * as msg from "./preflight-messages";
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
}

/** Findings: `errors` stop the deployment; `warnings` are reported and the deployment goes on. */
export interface ClusterReport {
  readonly errors: string[];
  readonly warnings: string[];
  /** Every check with its state, in the order they ran (what `npm run doctor` prints). */
  readonly checks: PreflightCheck[];
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
        msg.clusterUnreachable(spec.context, spec.cluster, spec.engine, msg.commandDetail(ready.stderr)),
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
  });
  return { errors: checkMessages(checks, "problem"), warnings: checkMessages(checks, "warning"), checks };
}

/** Inputs of the ClusterPreflight resource: the spec, plus the warnings `check` found. */
export interface ClusterPreflightInputs extends ClusterCheckSpec {
  readonly warnings?: string[];
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
  "warnings",
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
      return { inputs: { ...news, warnings: report.warnings } };
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
}

/**
 * What to check, from the stack config: KServe's CRD in `kserve` mode; the HTTPRoute CRD when routes are wanted
 * and the stack does not install the Gateway API itself; the Gateway when routes are wanted.
 */
export function configuredChecks(
  config: StackConfig,
): Pick<
  ClusterCheckSpec,
  "engine" | "kserveApiVersion" | "requireGatewayApi" | "gatewayApiVersion" | "gateway"
> {
  const routes = config.gateway.createRoutes;
  return {
    engine: config.cluster.containerEngine,
    ...(config.workload === "kserve" ? { kserveApiVersion: config.kserveApiVersion } : {}),
    requireGatewayApi: routes && !config.gatewayApi.install,
    gatewayApiVersion: config.gatewayApi.version,
    ...(routes ? { gateway: { namespace: config.gateway.namespace, name: config.gateway.name } } : {}),
  };
}

/** The ClusterPreflight resource's arguments: the configured checks on the stack's cluster target. */
export function clusterPreflightArgs(config: StackConfig, target: ClusterTarget): ClusterPreflightArgs {
  return {
    cluster: target.name,
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
    ...configuredChecks(config),
  };
}

/** The same checks as plain values, for running them without Pulumi (`npm run doctor`). */
export function clusterCheckSpec(
  config: StackConfig,
  target: { readonly name: string; readonly context: string; readonly kubeconfig?: string },
): ClusterCheckSpec {
  return {
    cluster: target.name,
    context: target.context,
    ...(target.kubeconfig !== undefined ? { kubeconfig: target.kubeconfig } : {}),
    ...configuredChecks(config),
  };
}

/** The cluster checks, re-run on every preview and up; depend on it to run after them. */
export class ClusterPreflight extends pulumi.dynamic.Resource {
  /** Warnings of the last check (e.g. the Gateway is missing). */
  declare readonly warnings: pulumi.Output<string[]>;

  /** Logs each warning as a Pulumi warning on this resource, once the check's result is known. */
  logWarnings(): void {
    this.warnings.apply((warnings) => warnings?.forEach((w) => void pulumi.log.warn(w, this)));
  }

  constructor(name: string, args: ClusterPreflightArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      {
        ...args,
        ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
        warnings: undefined,
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
