/**
 * The local target: one simulator process per model of a stack's configuration and the local gateway in
 * front of them, described as a StackOutputs so the suites run unchanged. `stop` ends everything it started
 * and is safe to call more than once, or after a failed start.
 */
import { randomBytes } from "node:crypto";
import type { StackConfig } from "../../../components/config/stack-config";
import { parseStackConfig } from "../../../components/config/stack-config";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { readStackConfigMap } from "../../../scripts/stack-file";
import { ensureSimulatorBuilt } from "./build";
import type { LocalGateway } from "./gateway";
import { startLocalGateway } from "./gateway";
import {
  apiKeyLifetimeSeconds,
  backendKey,
  localOutputs,
  localRouteRules,
  localSimulatorArgs,
  localTiers,
} from "./local-outputs";
import { PolicyEmulator } from "./policy";
import type { SimulatorProcess } from "./simulators";
import { startSimulatorProcess } from "./simulators";

/** How to run the local target. */
export interface LocalEnvironmentOptions {
  readonly repoRoot: string;
  /** The stack whose Pulumi.<stack>.yaml (over Pulumi.yaml's defaults) describes models and tiers. */
  readonly stack: string;
  /** Factor applied to every rate-limit window (1 = as configured). */
  readonly windowScale: number;
  /** Apply the emulated MaaS policy in the local gateway. */
  readonly emulatePolicy: boolean;
  /** The platform profile to emulate; undefined → the stack config's `platform`. */
  readonly platform?: "maas-kind" | "maas-subscriptions";
  readonly log: (line: string) => void;
}

/** A started local environment. */
export interface LocalEnvironment {
  readonly config: StackConfig;
  readonly outputs: StackOutputs;
  /** One line per process and the gateway. */
  describe(): string[];
  stop(): Promise<void>;
}

/** Starts the simulators and the gateway for the stack's models; on any failure stops what started and throws. */
export async function startLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  const config = parseStackConfig(
    readStackConfigMap(
      options.repoRoot,
      options.stack,
      options.platform !== undefined ? { platform: options.platform } : {},
    ),
    process.env,
  );
  const main = ensureSimulatorBuilt(options.repoRoot, options.log);
  const args = new Map(config.models.map((m) => [m.name, localSimulatorArgs(m)]));
  const processes: SimulatorProcess[] = [];
  let gateway: LocalGateway | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= Promise.allSettled([...processes.map((p) => p.stop()), gateway?.close()]).then(
      () => undefined,
    ));
  try {
    const started = await Promise.allSettled(
      config.models.map((m) => startSimulatorProcess(m.name, main, args.get(m.name)!)),
    );
    for (const s of started) if (s.status === "fulfilled") processes.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;

    const now = Date.now();
    const tokens = Object.fromEntries(
      config.tiers.map((t) => [
        t.name,
        {
          token: `local-${t.name}-${randomBytes(12).toString("hex")}`,
          expiresAt: new Date(now + config.tokens.durationSeconds * 1000).toISOString(),
        },
      ]),
    );
    // maas-subscriptions: one API key per tier, as maas-api would mint it (`sk-oai-…`, shown once).
    const lifetime = apiKeyLifetimeSeconds(config.subscriptions.apiKeyExpiresIn);
    const apiKeys =
      config.platform === "maas-subscriptions"
        ? Object.fromEntries(
            config.tiers.map((t) => [
              t.name,
              {
                key: `sk-oai-local-${t.name}-${randomBytes(16).toString("hex")}`,
                id: `local-${t.name}-${randomBytes(4).toString("hex")}`,
                expiresAt: new Date(now + lifetime * 1000).toISOString(),
              },
            ]),
          )
        : {};
    const tiers = localTiers(config, options.windowScale);
    const policy = options.emulatePolicy
      ? new PolicyEmulator(
          tiers,
          Object.fromEntries(Object.entries(tokens).map(([tier, t]) => [tier, t.token])),
          Date.now,
          Object.fromEntries(
            Object.entries(apiKeys).map(([tier, k]) => [
              tier,
              { ...k, subscription: tiers.find((t) => t.name === tier)?.subscription ?? "" },
            ]),
          ),
        )
      : undefined;
    gateway = await startLocalGateway({
      rules: localRouteRules(config),
      backends: new Map(processes.map((p) => [backendKey(p.model), p.url])),
      ...(policy ? { policy } : {}),
    });
    const outputs = localOutputs(config, {
      gatewayUrl: gateway.url,
      processUrls: Object.fromEntries(processes.map((p) => [p.model, p.url])),
      tokens,
      apiKeys,
      windowScale: options.windowScale,
      runs: `node ${main}`,
    });
    const gatewayUrl = gateway.url;
    return {
      config,
      outputs,
      describe: () => [
        ...processes.map((p) => `${p.model}: pid ${p.pid} at ${p.url} (${args.get(p.model)!.join(" ")})`),
        `gateway: ${gatewayUrl}, routing by the ` +
          (config.platform === "maas-subscriptions"
            ? "managed route's rules (KServe's); "
            : "ModelRoute rules; ") +
          (policy
            ? `EMULATING the MaaS policy of platform ${config.platform} (tokens` +
              (config.platform === "maas-subscriptions" ? ", API keys per subscription" : "") +
              `, allowedModels, limits with windows × ${options.windowScale})`
            : "no policy (every routed request passes)"),
      ],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
