/**
 * What the local target runs, derived from a stack's configuration with the program's own functions (so the
 * local target exercises the stack's data, not a copy of it): each model's simulator arguments
 * (`simulatorArgs`), its route rules (per profile: maas-kind's `modelRouteRules` with the Service name and port
 * the InferenceModel creates, maas-subscriptions' `managedRouteRules`, the HTTPRoute KServe's managed router
 * creates), the tiers' allowed models (`allowedModels`), and the outputs entries (`modelOutput` or
 * `managedModelOutput`, `tierOutput`, `tokenOutput`). The result is a StackOutputs like `pulumi stack output` prints, with the local gateway's URL,
 * each model's process URL as its in-cluster URL, and rate-limit windows scaled down. On the `maas-subscriptions`
 * profile (today's MaaS, models-as-a-service c0639b1b) the tiers have token limits only (a MaaSSubscription's
 * `tokenRateLimits`; no request-count limit), name their MaaSSubscription (`tierSubscriptionName`), and each tier
 * has an API key bound to its subscription. The tokens carry `config.tokens.audience` (the profile's default
 * unless `tokenAudience` is set). Paths come from components/outputs/endpoints.ts (`modelOutput`,
 * `managedModelOutput`), as the profiles produce them: this file is the local target's one dependency on how
 * the outputs spell URLs. Pure.
 */
import { allowedModels, tierServiceAccount } from "../../../components/access/access-matrix";
import type { ModelConfig, StackConfig, TierConfig } from "../../../components/config/stack-config";
import type { CreatedModel } from "../../../components/outputs/endpoints";
import {
  byName,
  gatewayOutput,
  managedModelOutput,
  modelOutput,
  tierOutput,
  tokenOutput,
} from "../../../components/outputs/endpoints";
import type { ApiKeyOutput, StackOutputs, TierOutput } from "../../../components/outputs/stack-outputs";
import { tierSubscriptionName } from "../../../components/subscriptions/tier-policy-specs";
import { parseStackOutputs } from "../../../components/outputs/stack-outputs";
import type { ModelRouteRule } from "../../../components/routing/route-rules";
import { modelRouteRules } from "../../../components/routing/route-rules";
import { managedRouteRules } from "../../../components/subscriptions/managed-route";
import { SIMULATOR_PORT, simulatorArgs, workloadServiceName } from "../../../components/models/workload-spec";

/** Simulator flags the local target sets itself (listening address, and the log line it reads the port from). */
const LOCAL_FLAGS = ["host", "log-level"];
/** Flags that would make a simulator serve HTTPS, which the local gateway does not speak to its backends. */
const TLS_FLAGS = ["ssl-certfile", "ssl-keyfile", "self-signed-certs"];

/**
 * The model's simulator command line as the stack runs it (`simulatorArgs`), listening on a free loopback
 * port (`--port 0`) and logging at `info` (its "listening" line carries the port).
 */
export function localSimulatorArgs(model: Pick<ModelConfig, "name" | "simulatorArgs">): string[] {
  const tls = TLS_FLAGS.filter(
    (f) => model.simulatorArgs[f] !== undefined && model.simulatorArgs[f] !== false,
  );
  if (tls.length > 0) {
    throw new Error(
      `model ${model.name}: the local target runs plain-HTTP simulators, but its simulatorArgs set ` +
        `${tls.map((f) => `--${f}`).join(", ")}`,
    );
  }
  const extra = Object.fromEntries(
    Object.entries(model.simulatorArgs).filter(([k]) => !LOCAL_FLAGS.includes(k)),
  );
  const args = simulatorArgs({ name: model.name, simulatorArgs: extra });
  if (args[0] !== "--port" || args[1] !== String(SIMULATOR_PORT)) {
    throw new Error(`simulatorArgs no longer starts with --port ${SIMULATOR_PORT}: ${args.join(" ")}`);
  }
  return ["--port", "0", ...args.slice(2), "--host", "127.0.0.1", "--log-level", "info"];
}

/**
 * Every model's route rules, as the profile's routes declare them: maas-kind's ModelRoutes (`modelRouteRules`,
 * the configured `paths`), or on maas-subscriptions the managed route KServe creates (`managedRouteRules`: two
 * exact API paths and the prefix `/<namespace>/<model>` → `/`).
 */
export function localRouteRules(config: StackConfig): ModelRouteRule[] {
  return config.models.flatMap((m) => {
    const names = {
      model: m.name,
      namespace: config.namespaces.models,
      service: workloadServiceName(m.name),
    };
    return config.platform === "maas-subscriptions"
      ? managedRouteRules(names)
      : modelRouteRules({ ...names, port: SIMULATOR_PORT, paths: m.paths });
  });
}

/** `<service>:<port>` of a model's workload Service: the key its route rules' backend uses. */
export function backendKey(model: string): string {
  return `${workloadServiceName(model)}:${SIMULATOR_PORT}`;
}

/** A tier with its rate-limit windows multiplied by `scale` (whole seconds, at least 1). */
export function scaleTierWindows(tier: TierConfig, scale: number): TierConfig {
  const scaled = (r: TierConfig["limits"]["requests"]) => {
    const seconds = Math.max(1, Math.round(r.windowSeconds * scale));
    return { limit: r.limit, window: `${seconds}s`, windowSeconds: seconds };
  };
  return { ...tier, limits: { requests: scaled(tier.limits.requests), tokens: scaled(tier.limits.tokens) } };
}

const account = (config: StackConfig, tier: string) => ({
  serviceAccount: tierServiceAccount(tier),
  namespace: config.namespaces.tiers[tier] as string,
});

/** The outputs' tier entries of `config`, windows scaled by `windowScale`; per profile (see the file's comment). */
export function localTiers(config: StackConfig, windowScale: number): TierOutput[] {
  return config.tiers.map((t) => {
    const entry = tierOutput(
      scaleTierWindows(t, windowScale),
      account(config, t.name),
      allowedModels(config.tiers, config.models, t.name),
    );
    if (config.platform !== "maas-subscriptions") return entry;
    return { ...entry, limits: { tokens: entry.limits.tokens }, subscription: tierSubscriptionName(t.name) };
  });
}

/**
 * Seconds of a maas-api key lifetime (`30d`, `12h`, `45m`, as `subscriptions.apiKeyExpiresIn` spells it);
 * undefined → maas-api's default for regular keys, 90 days (c0639b1b `maas-api/openapi3.yaml`,
 * `API_KEY_MAX_EXPIRATION_DAYS`).
 */
export function apiKeyLifetimeSeconds(expiresIn: string | undefined): number {
  if (expiresIn === undefined) return 90 * 86400;
  const m = /^([1-9]\d*)(d|h|m)$/.exec(expiresIn);
  if (!m) throw new Error(`${JSON.stringify(expiresIn)} is not a maas-api key lifetime (e.g. 30d, 12h)`);
  return Number(m[1]) * { d: 86400, h: 3600, m: 60 }[m[2] as "d" | "h" | "m"];
}

/** What the local target started. */
export interface LocalRun {
  /** The local gateway's base URL. */
  readonly gatewayUrl: string;
  /** Each model's simulator process URL, by model name. */
  readonly processUrls: Readonly<Record<string, string>>;
  /** Each tier's token and its expiry, by tier name. */
  readonly tokens: Readonly<Record<string, { readonly token: string; readonly expiresAt: string }>>;
  /** maas-subscriptions: each tier's API key (key, id, expiry), by tier name; its subscription is the tier's. */
  readonly apiKeys?: Readonly<Record<string, Omit<ApiKeyOutput, "subscription">>>;
  /** Factor applied to every rate-limit window. */
  readonly windowScale: number;
  /** What the image entry says runs the models. */
  readonly runs: string;
}

/** The StackOutputs describing a local run of `config`; validated with `parseStackOutputs`. */
export function localOutputs(config: StackConfig, run: LocalRun): StackOutputs {
  const local: StackConfig = { ...config, gateway: { ...config.gateway, baseUrl: run.gatewayUrl } };
  const namespace = config.namespaces.models;
  const models = config.models.map((m) => {
    const url = run.processUrls[m.name];
    if (url === undefined) throw new Error(`no process for model ${m.name}`);
    const created: CreatedModel = {
      name: m.name,
      namespace,
      service: workloadServiceName(m.name),
      port: SIMULATOR_PORT,
    };
    const entry =
      config.platform === "maas-subscriptions"
        ? managedModelOutput(local, created)
        : modelOutput(local, created);
    return {
      ...entry,
      inClusterUrl: url,
      portForward: `none: on the local target the model's process listens on ${url}`,
    };
  });
  const tiers = localTiers(config, run.windowScale);
  const tokens = Object.fromEntries(
    config.tiers.flatMap((t) => {
      const minted = run.tokens[t.name];
      return minted ? [[t.name, tokenOutput(config, account(config, t.name), minted)]] : [];
    }),
  );
  const apiKeys: Record<string, ApiKeyOutput> = {};
  if (config.platform === "maas-subscriptions") {
    for (const t of config.tiers) {
      const key = run.apiKeys?.[t.name];
      if (key) apiKeys[t.name] = { ...key, subscription: tierSubscriptionName(t.name) };
    }
  } else if (Object.keys(run.apiKeys ?? {}).length > 0) {
    throw new Error("API keys exist on the maas-subscriptions profile only");
  }
  return parseStackOutputs({
    platform: config.platform,
    cluster: { name: "local", context: "local" },
    image: { ref: run.runs, id: "local" },
    gateway: gatewayOutput(local),
    models: byName(models),
    tiers: byName(tiers),
    tokens,
    apiKeys,
  });
}
