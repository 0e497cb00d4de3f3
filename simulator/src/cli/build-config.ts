import {
  DEFAULTS,
  FAILURE_STATUS,
  type FailureType,
  type LatencyCalculatorName,
  type LogLevel,
  type LoraModule,
  type Mode,
  type SimulatorConfig,
} from "../config/simulator-config";
import { ConfigError } from "./errors";
import { parseFakeMetrics } from "./fake-metrics";
import type { RawValues } from "./values";

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const LATENCY_CALCULATORS: readonly LatencyCalculatorName[] = ["", "constant", "per-token"];
const BLOCK_SIZES = [8, 16, 32, 64, 128];

/** Environment variables the simulator reads. */
export interface SimulatorEnv {
  readonly SIM_MODEL?: string;
  readonly POD_NAME?: string;
  readonly POD_NAMESPACE?: string;
  /** "1" lets `POST /sleep` take effect (with --enable-sleep-mode), as in vLLM and the reference. */
  readonly VLLM_SERVER_DEV_MODE?: string;
  /** The KV-block hash seed when `--hash-seed` is not given (the reference reads it the same way). */
  readonly PYTHONHASHSEED?: string;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new ConfigError(message);
}

function checkStdDev(mean: number, stdDev: number, flag: string): void {
  check(
    stdDev <= 0.3 * mean,
    `--${flag}-std-dev (${stdDev}ms) cannot be more than 30% of --${flag} (${mean}ms)`,
  );
}

function checkPercent(value: number, flag: string): void {
  check(value >= 0 && value <= 100, `--${flag} must be between 0 and 100 (got ${value})`);
}

/** `{"name":"x","path":"p","base_model_name":"m"}` (the reference's form) or `x=p` (vLLM's form). */
function parseLoraModule(text: string, model: string): LoraModule {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError(`--lora-modules: invalid JSON ${trimmed}`);
    }
    const entry = parsed as { name?: unknown; path?: unknown; base_model_name?: unknown };
    check(
      typeof entry.name === "string" && entry.name !== "",
      `--lora-modules: empty LoRA name in ${trimmed}`,
    );
    const name = entry.name as string;
    check(
      entry.base_model_name === undefined || entry.base_model_name === "" || entry.base_model_name === model,
      `--lora-modules: unknown base model '${String(entry.base_model_name)}' for LoRA '${name}'`,
    );
    return { name, path: typeof entry.path === "string" ? entry.path : "" };
  }
  const [name, ...rest] = trimmed.split("=");
  check(name !== "", `--lora-modules: empty LoRA name in '${trimmed}'`);
  return { name, path: rest.join("=") };
}

/** Turns merged raw flag values into a validated configuration; the first problem is a ConfigError. */
export function buildConfig(raw: RawValues, env: SimulatorEnv, defaultSeed: () => string): SimulatorConfig {
  const model = raw.string("model", env.SIM_MODEL ?? "");
  check(model.trim() !== "", "--model is required (the base model name)");

  const servedModelNames = raw.list("served-model-name")?.filter((name) => name !== "") ?? [];
  const mode = raw.string("mode", DEFAULTS.mode);
  check(mode === "random" || mode === "echo", `--mode must be 'random' or 'echo' (got '${mode}')`);

  const port = raw.int("port", DEFAULTS.port);
  check(port >= 0 && port <= 65535, `--port must be between 0 and 65535 (got ${port})`);

  const timeToFirstToken = raw.duration("time-to-first-token", 0);
  const timeToFirstTokenStdDev = raw.duration("time-to-first-token-std-dev", 0);
  checkStdDev(timeToFirstToken, timeToFirstTokenStdDev, "time-to-first-token");
  const interTokenLatency = raw.duration("inter-token-latency", 0);
  const interTokenLatencyStdDev = raw.duration("inter-token-latency-std-dev", 0);
  checkStdDev(interTokenLatency, interTokenLatencyStdDev, "inter-token-latency");
  const kvCacheTransferLatency = raw.duration("kv-cache-transfer-latency", 0);
  const kvCacheTransferLatencyStdDev = raw.duration("kv-cache-transfer-latency-std-dev", 0);
  checkStdDev(kvCacheTransferLatency, kvCacheTransferLatencyStdDev, "kv-cache-transfer-latency");

  const timeFactorUnderLoad = raw.float("time-factor-under-load", DEFAULTS.timeFactorUnderLoad);
  check(
    timeFactorUnderLoad >= 1,
    `--time-factor-under-load cannot be less than 1 (got ${timeFactorUnderLoad})`,
  );

  const maxModelLen = raw.int("max-model-len", DEFAULTS.maxModelLen);
  check(maxModelLen >= 1, `--max-model-len must be at least 1 (got ${maxModelLen})`);
  const maxNumSeqs = raw.int("max-num-seqs", DEFAULTS.maxNumSeqs);
  check(maxNumSeqs >= 1, `--max-num-seqs must be at least 1 (got ${maxNumSeqs})`);
  const maxWaitingQueueLength = raw.int("max-waiting-queue-length", DEFAULTS.maxWaitingQueueLength);
  check(
    maxWaitingQueueLength >= 0,
    `--max-waiting-queue-length cannot be negative (got ${maxWaitingQueueLength})`,
  );

  const maxLoras = raw.int("max-loras", DEFAULTS.maxLoras);
  check(maxLoras >= 1, `--max-loras must be at least 1 (got ${maxLoras})`);
  const maxCpuLorasRaw = raw.int("max-cpu-loras", 0);
  const maxCpuLoras = maxCpuLorasRaw === 0 ? maxLoras : maxCpuLorasRaw;
  check(
    maxCpuLoras >= maxLoras,
    `--max-cpu-loras (${maxCpuLoras}) cannot be less than --max-loras (${maxLoras})`,
  );
  const loraModules = (raw.list("lora-modules") ?? []).map((text) => parseLoraModule(text, model));

  const failureInjectionRate = raw.int("failure-injection-rate", 0);
  checkPercent(failureInjectionRate, "failure-injection-rate");
  const failureTypes = (raw.list("failure-types") ?? []).filter((type) => type.trim() !== "");
  for (const type of failureTypes) {
    check(
      type in FAILURE_STATUS,
      `--failure-types: invalid type '${type}', valid types are ${Object.keys(FAILURE_STATUS).join(", ")}`,
    );
  }

  const sslCertFile = raw.string("ssl-certfile", undefined) || undefined;
  const sslKeyFile = raw.string("ssl-keyfile", undefined) || undefined;
  const selfSignedCerts = raw.bool("self-signed-certs", false);
  check(
    (sslCertFile === undefined) === (sslKeyFile === undefined),
    "--ssl-certfile and --ssl-keyfile must be given together",
  );
  check(
    !(selfSignedCerts && sslCertFile !== undefined),
    "--self-signed-certs cannot be combined with --ssl-certfile/--ssl-keyfile",
  );

  const maxRequestBodySizeMb = raw.int("max-request-body-size-mb", DEFAULTS.maxRequestBodySizeMb);
  check(
    maxRequestBodySizeMb >= 1 && maxRequestBodySizeMb <= 512,
    `--max-request-body-size-mb must be between 1 and 512 (got ${maxRequestBodySizeMb})`,
  );

  const latencyCalculator = raw.string("latency-calculator", "") as LatencyCalculatorName;
  check(
    LATENCY_CALCULATORS.includes(latencyCalculator),
    `--latency-calculator must be 'constant' or 'per-token' (got '${latencyCalculator}')`,
  );

  const blockSize = raw.int("block-size", DEFAULTS.blockSize);
  check(
    BLOCK_SIZES.includes(blockSize),
    `--block-size must be one of ${BLOCK_SIZES.join(", ")} (got ${blockSize})`,
  );
  const kvCacheSize = raw.int("kv-cache-size", DEFAULTS.kvCacheSize);
  check(kvCacheSize >= 0, `--kv-cache-size cannot be negative (got ${kvCacheSize})`);
  // Bounds as the reference's validate (pkg/common/config.go @ v0.5.1).
  const eventBatchSize = raw.int("event-batch-size", DEFAULTS.eventBatchSize);
  check(eventBatchSize >= 1, `--event-batch-size must be at least 1 (got ${eventBatchSize})`);
  const zmqMaxConnectAttempts = raw.int("zmq-max-connect-attempts", DEFAULTS.zmqMaxConnectAttempts);
  check(
    zmqMaxConnectAttempts >= 0 && zmqMaxConnectAttempts <= 10,
    `--zmq-max-connect-attempts must be between 0 and 10 (got ${zmqMaxConnectAttempts})`,
  );

  const maxToolCallIntegerParam = raw.int("max-tool-call-integer-param", DEFAULTS.maxToolCallIntegerParam);
  const minToolCallIntegerParam = raw.int("min-tool-call-integer-param", DEFAULTS.minToolCallIntegerParam);
  check(
    maxToolCallIntegerParam >= minToolCallIntegerParam,
    "--max-tool-call-integer-param cannot be less than --min-tool-call-integer-param",
  );
  const maxToolCallNumberParam = raw.float("max-tool-call-number-param", DEFAULTS.maxToolCallNumberParam);
  const minToolCallNumberParam = raw.float("min-tool-call-number-param", DEFAULTS.minToolCallNumberParam);
  check(
    maxToolCallNumberParam >= minToolCallNumberParam,
    "--max-tool-call-number-param cannot be less than --min-tool-call-number-param",
  );
  const maxToolCallArrayParamLength = raw.int(
    "max-tool-call-array-param-length",
    DEFAULTS.maxToolCallArrayParamLength,
  );
  const minToolCallArrayParamLength = raw.int(
    "min-tool-call-array-param-length",
    DEFAULTS.minToolCallArrayParamLength,
  );
  check(minToolCallArrayParamLength >= 0, "--min-tool-call-array-param-length cannot be negative");
  check(
    maxToolCallArrayParamLength >= minToolCallArrayParamLength,
    "--max-tool-call-array-param-length cannot be less than --min-tool-call-array-param-length",
  );
  const toolCallNotRequiredParamProbability = raw.int(
    "tool-call-not-required-param-probability",
    DEFAULTS.toolCallNotRequiredParamProbability,
  );
  checkPercent(toolCallNotRequiredParamProbability, "tool-call-not-required-param-probability");
  const objectToolCallNotRequiredFieldProbability = raw.int(
    "object-tool-call-not-required-field-probability",
    DEFAULTS.objectToolCallNotRequiredFieldProbability,
  );
  checkPercent(objectToolCallNotRequiredFieldProbability, "object-tool-call-not-required-field-probability");
  const toolCallExtraCallProbability = raw.int(
    "tool-call-extra-call-probability",
    DEFAULTS.toolCallExtraCallProbability,
  );
  checkPercent(toolCallExtraCallProbability, "tool-call-extra-call-probability");

  const atLeastOne = (flag: string, fallback: number): number => {
    const value = raw.int(flag, fallback);
    check(value >= 1, `--${flag} must be at least 1 (got ${value})`);
    return value;
  };
  const requestTimeout = raw.duration("request-timeout", DEFAULTS.requestTimeout);
  const headersTimeout = raw.duration("headers-timeout", DEFAULTS.headersTimeout);
  check(requestTimeout >= 1, `--request-timeout must be positive (got ${requestTimeout}ms)`);
  check(
    headersTimeout >= 1 && headersTimeout <= requestTimeout,
    `--headers-timeout must be positive and at most --request-timeout (got ${headersTimeout}ms, request timeout ${requestTimeout}ms)`,
  );
  const budgets = {
    requestTimeout,
    headersTimeout,
    shutdownReadTimeout: raw.duration("shutdown-read-timeout", DEFAULTS.shutdownReadTimeout),
    maxToolSchemaNodes: atLeastOne("max-tool-schema-nodes", DEFAULTS.maxToolSchemaNodes),
    maxToolSchemaDepth: atLeastOne("max-tool-schema-depth", DEFAULTS.maxToolSchemaDepth),
    maxToolSchemaBytes: atLeastOne("max-tool-schema-bytes", DEFAULTS.maxToolSchemaBytes),
    maxResponseBytes: atLeastOne("max-response-bytes", DEFAULTS.maxResponseBytes),
    maxTokenizeTokens: atLeastOne("max-tokenize-tokens", DEFAULTS.maxTokenizeTokens),
    maxChoices: atLeastOne("max-choices", DEFAULTS.maxChoices),
    maxLoraNameLength: atLeastOne("max-lora-name-length", DEFAULTS.maxLoraNameLength),
    maxLoraAdapters: atLeastOne("max-lora-adapters", DEFAULTS.maxLoraAdapters),
  };
  check(
    loraModules.length <= budgets.maxLoraAdapters,
    `--lora-modules lists ${loraModules.length} adapters, more than --max-lora-adapters (${budgets.maxLoraAdapters})`,
  );
  const dataParallelSize = raw.int("data-parallel-size", DEFAULTS.dataParallelSize);
  check(
    dataParallelSize >= 1 && dataParallelSize <= 8,
    `--data-parallel-size must be between 1 and 8 (got ${dataParallelSize})`,
  );
  check(
    port === 0 || port + dataParallelSize - 1 <= 65535,
    `--port ${port} leaves no room for ${dataParallelSize} data-parallel ranks (rank i listens on port + i)`,
  );

  const defaultEmbeddingDimensions = raw.int(
    "default-embedding-dimensions",
    DEFAULTS.defaultEmbeddingDimensions,
  );
  check(
    defaultEmbeddingDimensions >= 1,
    `--default-embedding-dimensions must be at least 1 (got ${defaultEmbeddingDimensions})`,
  );

  const seed = raw.string("seed", undefined) ?? defaultSeed();
  check(/^[+-]?\d+$/.test(seed.trim()), `--seed must be an integer (got '${seed}')`);

  const logLevel = raw.string("log-level", DEFAULTS.logLevel) as LogLevel;
  check(
    LOG_LEVELS.includes(logLevel),
    `--log-level must be one of ${LOG_LEVELS.join(", ")} (got '${logLevel}')`,
  );

  return {
    port,
    host: raw.string("host", undefined) || undefined,
    model,
    servedModelNames: servedModelNames.length > 0 ? servedModelNames : [model],
    mode: mode as Mode,
    maxModelLen,
    maxNumSeqs,
    maxWaitingQueueLength,
    timeToFirstToken,
    timeToFirstTokenStdDev,
    interTokenLatency,
    interTokenLatencyStdDev,
    timeFactorUnderLoad,
    prefillOverhead: raw.duration("prefill-overhead", 0),
    prefillTimePerToken: raw.duration("prefill-time-per-token", 0),
    prefillTimeStdDev: raw.duration("prefill-time-std-dev", 0),
    kvCacheTransferLatency,
    kvCacheTransferLatencyStdDev,
    kvCacheTransferTimePerToken: raw.duration("kv-cache-transfer-time-per-token", 0),
    kvCacheTransferTimeStdDev: raw.duration("kv-cache-transfer-time-std-dev", 0),
    latencyCalculator,
    seed: seed.trim(),
    failureInjectionRate,
    failureTypes: failureTypes as FailureType[],
    loraModules,
    maxLoras,
    maxCpuLoras,
    sslCertFile,
    sslKeyFile,
    selfSignedCerts,
    maxRequestBodySizeMb,
    startupDuration: raw.duration("startup-duration", 0),
    blockSize,
    kvCacheSize,
    enableKvCache: raw.bool("enable-kvcache", false),
    // As the reference (pkg/common/config.go @ v0.5.1, ParseCommandParamsAndLoadConfig): an empty seed
    // falls back to PYTHONHASHSEED.
    hashSeed: raw.string("hash-seed", "") || env.PYTHONHASHSEED || "",
    zmqEndpoint: raw.string("zmq-endpoint", DEFAULTS.zmqEndpoint),
    zmqMaxConnectAttempts,
    eventBatchSize,
    dataParallelRank: 0,
    enableRequestIdHeaders: raw.bool("enable-request-id-headers", false),
    maxToolCallIntegerParam,
    minToolCallIntegerParam,
    maxToolCallNumberParam,
    minToolCallNumberParam,
    maxToolCallArrayParamLength,
    minToolCallArrayParamLength,
    toolCallNotRequiredParamProbability,
    objectToolCallNotRequiredFieldProbability,
    toolCallExtraCallProbability,
    skipToolValidation: raw.bool("skip-tool-validation", false),
    logLevel,
    shutdownGracePeriod: raw.duration("shutdown-grace-period", DEFAULTS.shutdownGracePeriod),
    ...budgets,
    podName: env.POD_NAME || undefined,
    podNamespace: env.POD_NAMESPACE || undefined,
    dataParallelSize,
    defaultEmbeddingDimensions,
    enableSleepMode: raw.bool("enable-sleep-mode", false),
    vllmDevMode: env.VLLM_SERVER_DEV_MODE === "1",
    fakeMetrics: raw.has("fake-metrics")
      ? parseFakeMetrics(raw.value("fake-metrics"), raw.where("fake-metrics"))
      : undefined,
  };
}
