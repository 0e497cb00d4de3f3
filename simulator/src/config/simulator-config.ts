/** The simulator's validated configuration, built from flags, the `--config` file and the environment. */

/** Failure types of `--failure-types`, with the HTTP status each one answers. */
export const FAILURE_STATUS = {
  rate_limit: 429,
  invalid_api_key: 401,
  context_length: 400,
  server_error: 503,
  invalid_request: 400,
  model_not_found: 404,
} as const;

export type FailureType = keyof typeof FAILURE_STATUS;

export type Mode = "random" | "echo";

export type LatencyCalculatorName = "" | "constant" | "per-token";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** A LoRA adapter given with `--lora-modules`. */
export interface LoraModule {
  readonly name: string;
  readonly path: string;
}

/** One `vllm:lora_requests_info` series of `--fake-metrics` (`loras[]`). */
export interface FakeLoraSeries {
  /** Comma-separated running adapters (label `running_lora_adapters`). */
  readonly running: string;
  /** Comma-separated waiting adapters (label `waiting_lora_adapters`). */
  readonly waiting: string;
  /** The series' value (the reference reports a Unix time). */
  readonly timestamp: number;
}

/** `--fake-metrics`: fixed values `/metrics` reports instead of the live ones. */
export interface FakeMetrics {
  readonly runningRequests: number;
  readonly waitingRequests: number;
  /** 0..1, reported as `vllm:gpu_cache_usage_perc` and `vllm:kv_cache_usage_perc`. */
  readonly kvCacheUsage: number;
  readonly loras: readonly FakeLoraSeries[];
}

/** Every setting the simulator runs with. Durations are milliseconds. */
export interface SimulatorConfig {
  readonly port: number;
  /** Listen address; undefined means all interfaces. */
  readonly host: string | undefined;
  readonly model: string;
  /** Names the API serves; never empty, the first one is reported in responses and metrics. */
  readonly servedModelNames: readonly string[];
  readonly mode: Mode;
  readonly maxModelLen: number;
  readonly maxNumSeqs: number;
  readonly maxWaitingQueueLength: number;
  readonly timeToFirstToken: number;
  readonly timeToFirstTokenStdDev: number;
  readonly interTokenLatency: number;
  readonly interTokenLatencyStdDev: number;
  readonly timeFactorUnderLoad: number;
  readonly prefillOverhead: number;
  readonly prefillTimePerToken: number;
  readonly prefillTimeStdDev: number;
  readonly kvCacheTransferLatency: number;
  readonly kvCacheTransferLatencyStdDev: number;
  readonly kvCacheTransferTimePerToken: number;
  readonly kvCacheTransferTimeStdDev: number;
  readonly latencyCalculator: LatencyCalculatorName;
  /** Decimal integer text (the reference takes an int64). */
  readonly seed: string;
  readonly failureInjectionRate: number;
  /** Empty means all types. */
  readonly failureTypes: readonly FailureType[];
  readonly loraModules: readonly LoraModule[];
  readonly maxLoras: number;
  readonly maxCpuLoras: number;
  readonly sslCertFile: string | undefined;
  readonly sslKeyFile: string | undefined;
  readonly selfSignedCerts: boolean;
  readonly maxRequestBodySizeMb: number;
  readonly startupDuration: number;
  readonly blockSize: number;
  readonly kvCacheSize: number;
  /** `--enable-kvcache`: prompts' token blocks are tracked by prefix hash (see `kv-cache/`). */
  readonly enableKvCache: boolean;
  /** `--hash-seed` (else PYTHONHASHSEED, else ""): the seed of the root block hash. */
  readonly hashSeed: string;
  /** `--zmq-endpoint`: where KV events are published (with --enable-kvcache); "" publishes none. */
  readonly zmqEndpoint: string;
  /** `--zmq-max-connect-attempts`: retries of the ZMQ connect (0-10), a second apart. */
  readonly zmqMaxConnectAttempts: number;
  /** `--event-batch-size`: most KV events in one published batch. */
  readonly eventBatchSize: number;
  /** This simulator's data-parallel rank (set per rank by `listenRanks`; 0 for a single one). */
  readonly dataParallelRank: number;
  readonly enableRequestIdHeaders: boolean;
  readonly maxToolCallIntegerParam: number;
  readonly minToolCallIntegerParam: number;
  readonly maxToolCallNumberParam: number;
  readonly minToolCallNumberParam: number;
  readonly maxToolCallArrayParamLength: number;
  readonly minToolCallArrayParamLength: number;
  readonly toolCallNotRequiredParamProbability: number;
  readonly objectToolCallNotRequiredFieldProbability: number;
  readonly toolCallExtraCallProbability: number;
  readonly skipToolValidation: boolean;
  readonly logLevel: LogLevel;
  readonly shutdownGracePeriod: number;
  /** Longest time a client may take to send a whole request (ms); then 408. */
  readonly requestTimeout: number;
  /** Longest time a client may take to send a request's headers (ms); then 408. */
  readonly headersTimeout: number;
  /** On SIGTERM, how long a connection may take to send the request it has begun or not yet sent (ms). */
  readonly shutdownReadTimeout: number;
  /** Most JSON values in one tool's parameters, and most schema nodes once its `$ref`s are expanded. */
  readonly maxToolSchemaNodes: number;
  /** Deepest nesting of one tool's parameters (const and enum values included). */
  readonly maxToolSchemaDepth: number;
  /** Largest JSON size of one tool's parameters, in bytes. */
  readonly maxToolSchemaBytes: number;
  /**
   * Longest generated answer (echoed text, tool-call arguments) in bytes, all choices together (each
   * gets an equal part); cut there with `length`.
   */
  readonly maxResponseBytes: number;
  /** Most tokens `/tokenize` returns. */
  readonly maxTokenizeTokens: number;
  /** Most choices one completion returns (`n` × prompts). */
  readonly maxChoices: number;
  /** Longest LoRA adapter name `/v1/load_lora_adapter` accepts. */
  readonly maxLoraNameLength: number;
  /** Most LoRA adapters served at once. */
  readonly maxLoraAdapters: number;
  /** From POD_NAME / POD_NAMESPACE: sent as x-inference-pod / x-inference-namespace. */
  readonly podName: string | undefined;
  readonly podNamespace: string | undefined;
  /** `--fake-metrics`; undefined reports the live values. */
  readonly fakeMetrics: FakeMetrics | undefined;
  /** `--data-parallel-size`: ranks served, rank i on port + i (1-8). */
  readonly dataParallelSize: number;
  /** `--default-embedding-dimensions`: vector length of `/v1/embeddings` when a request sets none. */
  readonly defaultEmbeddingDimensions: number;
  /** `--enable-sleep-mode`: `POST /sleep` may put the simulator to sleep. */
  readonly enableSleepMode: boolean;
  /** VLLM_SERVER_DEV_MODE=1: vLLM only serves `/sleep` in its development mode. */
  readonly vllmDevMode: boolean;
}

/** Defaults of every setting but `model` (which has none) and `seed` (time-based). */
export const DEFAULTS: Omit<SimulatorConfig, "model" | "servedModelNames" | "seed"> = {
  port: 8000,
  host: undefined,
  mode: "random",
  maxModelLen: 1024,
  maxNumSeqs: 5,
  maxWaitingQueueLength: 1000,
  timeToFirstToken: 0,
  timeToFirstTokenStdDev: 0,
  interTokenLatency: 0,
  interTokenLatencyStdDev: 0,
  timeFactorUnderLoad: 1,
  prefillOverhead: 0,
  prefillTimePerToken: 0,
  prefillTimeStdDev: 0,
  kvCacheTransferLatency: 0,
  kvCacheTransferLatencyStdDev: 0,
  kvCacheTransferTimePerToken: 0,
  kvCacheTransferTimeStdDev: 0,
  latencyCalculator: "",
  failureInjectionRate: 0,
  failureTypes: [],
  loraModules: [],
  maxLoras: 1,
  maxCpuLoras: 0,
  sslCertFile: undefined,
  sslKeyFile: undefined,
  selfSignedCerts: false,
  maxRequestBodySizeMb: 4,
  startupDuration: 0,
  blockSize: 16,
  kvCacheSize: 1024,
  enableKvCache: false,
  hashSeed: "",
  // The reference's default (pkg/common/config.go @ v0.5.1, newConfig).
  zmqEndpoint: "tcp://localhost:5557",
  zmqMaxConnectAttempts: 0,
  eventBatchSize: 16,
  dataParallelRank: 0,
  enableRequestIdHeaders: false,
  maxToolCallIntegerParam: 100,
  minToolCallIntegerParam: 0,
  maxToolCallNumberParam: 100,
  minToolCallNumberParam: 0,
  maxToolCallArrayParamLength: 5,
  minToolCallArrayParamLength: 1,
  toolCallNotRequiredParamProbability: 50,
  objectToolCallNotRequiredFieldProbability: 50,
  toolCallExtraCallProbability: 45,
  skipToolValidation: false,
  logLevel: "info",
  shutdownGracePeriod: 25_000,
  requestTimeout: 60_000,
  headersTimeout: 30_000,
  shutdownReadTimeout: 2_000,
  maxToolSchemaNodes: 10_000,
  maxToolSchemaDepth: 64,
  maxToolSchemaBytes: 262_144,
  maxResponseBytes: 4_194_304,
  maxTokenizeTokens: 131_072,
  maxChoices: 128,
  maxLoraNameLength: 256,
  maxLoraAdapters: 100,
  podName: undefined,
  podNamespace: undefined,
  fakeMetrics: undefined,
  dataParallelSize: 1,
  defaultEmbeddingDimensions: 384,
  enableSleepMode: false,
  vllmDevMode: false,
};

/** Whether the simulator serves HTTPS. */
export function tlsEnabled(config: SimulatorConfig): boolean {
  return config.selfSignedCerts || (config.sslCertFile !== undefined && config.sslKeyFile !== undefined);
}
