/**
 * What the local target runs, derived from a stack's configuration with the program's own functions (so the
 * local target exercises the stack's data, not a copy of it): each model's simulator arguments
 * (`simulatorArgs`), its route rules (`modelRouteRules` with the Service name and port the InferenceModel
 * creates), the tiers' allowed models (`allowedModels`), and the outputs entries (`modelOutput`, `tierOutput`,
 * `tokenOutput`). The result is a StackOutputs like `pulumi stack output` prints, with the local gateway's URL,
 * each model's process URL as its in-cluster URL, and rate-limit windows scaled down. Pure.
 */
import { allowedModels, tierServiceAccount } from "../../../components/access/access-matrix";
import type { ModelConfig, StackConfig, TierConfig } from "../../../components/config/stack-config";
import {
  byName,
  gatewayOutput,
  modelOutput,
  tierOutput,
  tokenOutput,
} from "../../../components/outputs/endpoints";
import type { StackOutputs, TierOutput } from "../../../components/outputs/stack-outputs";
import { parseStackOutputs } from "../../../components/outputs/stack-outputs";
import type { ModelRouteRule } from "../../../components/routing/route-rules";
import { modelRouteRules } from "../../../components/routing/route-rules";
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

/** Every model's route rules, as the stack's ModelRoutes declare them. */
export function localRouteRules(config: StackConfig): ModelRouteRule[] {
  return config.models.flatMap((m) =>
    modelRouteRules({
      model: m.name,
      namespace: config.namespaces.models,
      service: workloadServiceName(m.name),
      port: SIMULATOR_PORT,
      paths: m.paths,
    }),
  );
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

/** The outputs' tier entries of `config`, windows scaled by `windowScale`. */
export function localTiers(config: StackConfig, windowScale: number): TierOutput[] {
  return config.tiers.map((t) =>
    tierOutput(
      scaleTierWindows(t, windowScale),
      account(config, t.name),
      allowedModels(config.tiers, config.models, t.name),
    ),
  );
}

/** What the local target started. */
export interface LocalRun {
  /** The local gateway's base URL. */
  readonly gatewayUrl: string;
  /** Each model's simulator process URL, by model name. */
  readonly processUrls: Readonly<Record<string, string>>;
  /** Each tier's token and its expiry, by tier name. */
  readonly tokens: Readonly<Record<string, { readonly token: string; readonly expiresAt: string }>>;
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
    const entry = modelOutput(local, {
      name: m.name,
      namespace,
      service: workloadServiceName(m.name),
      port: SIMULATOR_PORT,
    });
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
  return parseStackOutputs({
    platform: "maas-kind",
    cluster: { name: "local", context: "local" },
    image: { ref: run.runs, id: "local" },
    gateway: gatewayOutput(local),
    models: byName(models),
    tiers: byName(tiers),
    tokens,
    apiKeys: {},
  });
}
