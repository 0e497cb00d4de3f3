/**
 * The simulator's command-line flags in one table: every name the reference `llm-d-inference-sim` knows
 * (v0.5.1 up to its main branch, plus the klog flags it registers), and the few of our own. The command
 * line parser, the `--config` file reader, `--help`, and the Pulumi program (to validate per-model extra
 * flags before anything is deployed) all read this table.
 */

/** How a flag's value is read. */
export type FlagKind =
  /** `--flag`, `--flag=true|false`, `--flag true|false`, and `--no-flag`. */
  | "bool"
  | "int"
  | "float"
  | "string"
  /** milliseconds as a bare number, or a Go duration such as `150ms` / `1.5s`. */
  | "duration"
  /** one or more space-separated values after the flag (`--served-model-name a b`), or a YAML list. */
  | "list";

/**
 * `implemented`: the flag changes what the simulator does. `accepted`: a reference flag that does not
 * apply to this simulator (KV-cache events, datasets, multimodal, …); it is parsed and then ignored
 * with a one-line warning, so manifests written for the reference keep working.
 */
export type FlagSupport = "implemented" | "accepted";

/** Where a flag's name comes from. */
export type FlagOrigin = "reference" | "klog" | "ours";

/** One row of the flag table. */
export interface FlagSpec {
  /** Long name without the leading `--`. */
  readonly name: string;
  readonly kind: FlagKind;
  readonly support: FlagSupport;
  readonly origin: FlagOrigin;
  /** Default shown in `--help` (the parsed default lives in the config defaults). */
  readonly defaultText?: string;
  readonly description: string;
  /** Single-letter alias (only klog's `-v`). */
  readonly short?: string;
}

const implemented = (name: string, kind: FlagKind, description: string, defaultText?: string): FlagSpec => ({
  name,
  kind,
  support: "implemented",
  origin: "reference",
  description,
  defaultText,
});

const accepted = (name: string, kind: FlagKind, description: string): FlagSpec => ({
  name,
  kind,
  support: "accepted",
  origin: "reference",
  description: `${description} (accepted for compatibility, no effect here)`,
});

const klog = (name: string, kind: FlagKind, short?: string): FlagSpec => ({
  name,
  kind,
  support: "accepted",
  origin: "klog",
  description: "klog logging flag of the reference (accepted for compatibility, no effect here)",
  short,
});

const ours = (name: string, kind: FlagKind, description: string, defaultText?: string): FlagSpec => ({
  name,
  kind,
  support: "implemented",
  origin: "ours",
  description,
  defaultText,
});

/** Every flag the simulator accepts, in `--help` order. */
export const FLAGS: readonly FlagSpec[] = [
  // The reference's core table.
  implemented("config", "string", "YAML file with flag values (keys are flag names); the command line wins"),
  implemented("port", "int", "listen port", "8000"),
  implemented("model", "string", "base model name (may contain '/'); SIM_MODEL is used when absent"),
  implemented(
    "served-model-name",
    "list",
    "model names the API serves (space-separated); the first is reported in responses",
    "[model]",
  ),
  implemented("mode", "string", "response text: 'random' sentences or 'echo' of the prompt", "random"),
  implemented("max-model-len", "int", "context window in tokens (prompt + completion)", "1024"),
  implemented("max-num-seqs", "int", "requests processed at once (streams until their last token)", "5"),
  implemented("max-waiting-queue-length", "int", "requests that may wait for a slot; beyond, 429", "1000"),
  implemented("time-to-first-token", "duration", "time to first token (ms or duration, e.g. 150ms)", "0"),
  implemented("time-to-first-token-std-dev", "duration", "std-dev of the time to first token (≤ 30%)", "0"),
  implemented("inter-token-latency", "duration", "time between tokens (ms or duration)", "0"),
  implemented("inter-token-latency-std-dev", "duration", "std-dev of the inter-token latency (≤ 30%)", "0"),
  implemented(
    "time-factor-under-load",
    "float",
    "latency multiplier reached when max-num-seqs requests run (≥ 1)",
    "1",
  ),
  implemented("seed", "string", "random seed (integer); same seed, same answers", "time-based"),
  implemented("failure-injection-rate", "int", "percent of requests answered with an injected error", "0"),
  implemented(
    "failure-types",
    "list",
    "failure types to inject: rate_limit invalid_api_key context_length server_error invalid_request model_not_found",
    "all",
  ),
  implemented(
    "lora-modules",
    "list",
    `LoRA adapters served as extra models: JSON '{"name":"x","path":"p"}' or name=path, space-separated`,
  ),
  implemented("max-loras", "int", "LoRA adapters that may run at once", "1"),
  implemented("max-cpu-loras", "int", "LoRA adapters kept loaded (≥ max-loras; 0 = max-loras)", "0"),
  implemented("ssl-certfile", "string", "TLS certificate file (PEM); with --ssl-keyfile serves HTTPS"),
  implemented("ssl-keyfile", "string", "TLS private key file (PEM)"),
  implemented("self-signed-certs", "bool", "serve HTTPS with a generated self-signed certificate", "false"),
  // Later reference lines that apply here.
  implemented("max-request-body-size-mb", "int", "largest request body in MiB (1-512); beyond, 413", "4"),
  implemented("startup-duration", "duration", "/ready answers 503 until this long after start", "0"),
  implemented("prefill-overhead", "duration", "fixed prefill time, used when time-to-first-token is 0", "0"),
  implemented("prefill-time-per-token", "duration", "prefill time per prompt token", "0"),
  implemented("prefill-time-std-dev", "duration", "std-dev of the prefill time", "0"),
  implemented("kv-cache-transfer-latency", "duration", "TTFT of requests with do_remote_prefill", "0"),
  implemented(
    "kv-cache-transfer-latency-std-dev",
    "duration",
    "std-dev of the KV-cache transfer latency",
    "0",
  ),
  implemented("kv-cache-transfer-time-per-token", "duration", "KV-cache transfer time per prompt token", "0"),
  implemented("kv-cache-transfer-time-std-dev", "duration", "std-dev of the per-token transfer time", "0"),
  implemented(
    "latency-calculator",
    "string",
    "TTFT model: '' (constant unless TTFT is 0), 'constant', 'per-token'",
    "''",
  ),
  implemented("block-size", "int", "KV-cache block size in tokens (8, 16, 32, 64, 128)", "16"),
  implemented("kv-cache-size", "int", "KV-cache blocks, the denominator of vllm:kv_cache_usage_perc", "1024"),
  implemented(
    "enable-kvcache",
    "bool",
    "track prompts' token blocks by prefix hash (usage, prefix-cache hits, KV events)",
    "false",
  ),
  implemented("hash-seed", "string", "seed of the KV-block hashes (else PYTHONHASHSEED)", "''"),
  implemented(
    "zmq-endpoint",
    "string",
    "ZMQ endpoint the KV events are published to (connects; '' publishes none)",
    "tcp://localhost:5557",
  ),
  implemented("zmq-max-connect-attempts", "int", "retries of the ZMQ connect, a second apart (0-10)", "0"),
  implemented("event-batch-size", "int", "most KV events in one published batch", "16"),
  implemented("enable-request-id-headers", "bool", "echo or add an X-Request-Id response header", "false"),
  implemented("max-tool-call-integer-param", "int", "largest generated integer tool argument", "100"),
  implemented("min-tool-call-integer-param", "int", "smallest generated integer tool argument", "0"),
  implemented("max-tool-call-number-param", "float", "largest generated number tool argument", "100"),
  implemented("min-tool-call-number-param", "float", "smallest generated number tool argument", "0"),
  implemented("max-tool-call-array-param-length", "int", "longest generated array tool argument", "5"),
  implemented("min-tool-call-array-param-length", "int", "shortest generated array tool argument", "1"),
  implemented(
    "tool-call-not-required-param-probability",
    "int",
    "percent chance an optional tool parameter is generated",
    "50",
  ),
  implemented(
    "object-tool-call-not-required-field-probability",
    "int",
    "percent chance an optional object field is generated",
    "50",
  ),
  implemented(
    "tool-call-extra-call-probability",
    "int",
    "percent chance of each extra tool call beyond the minimum",
    "45",
  ),
  implemented("skip-tool-validation", "bool", "do not check the tools' JSON schemas", "false"),
  implemented(
    "fake-metrics",
    "string",
    `fixed /metrics values, JSON: {"running-requests":N,"waiting-requests":N,"kv-cache-usage":0..1,"loras":[{"running":"a,b","waiting":"c","timestamp":T}]}`,
  ),
  implemented(
    "data-parallel-size",
    "int",
    "data-parallel ranks (1-8): rank i is a full simulator on port + i",
    "1",
  ),
  implemented(
    "default-embedding-dimensions",
    "int",
    "length of /v1/embeddings vectors when a request sets no dimensions",
    "384",
  ),
  implemented(
    "enable-sleep-mode",
    "bool",
    "POST /sleep puts the simulator to sleep (needs VLLM_SERVER_DEV_MODE=1); /wake_up, /is_sleeping",
    "false",
  ),
  implemented("force-dummy-tokenizer", "bool", "use the built-in tokenizer (always the case here)"),
  // Reference flags that do not apply to this simulator.
  accepted("data-parallel-rank", "int", "data-parallel rank"),
  accepted("dataset-in-memory", "bool", "load the response dataset into memory"),
  accepted("dataset-path", "string", "response dataset path"),
  accepted("dataset-table-name", "string", "response dataset table"),
  accepted("dataset-url", "string", "response dataset URL"),
  accepted("ec-transfer-config", "string", "EC cache transfer configuration"),
  accepted("enable-prefix-caching", "bool", "prefix caching"),
  accepted("enforce-eager", "bool", "eager-mode PyTorch"),
  accepted("fake-metrics-refresh-interval", "duration", "fake metrics refresh interval"),
  accepted("global-cache-hit-threshold", "float", "cache hit threshold"),
  accepted("image-emission-rate", "int", "omni image emission rate"),
  accepted("kv-events-replay-endpoint", "string", "KV events replay endpoint"),
  accepted("kv-events-replay-queue-size", "int", "KV events replay queue size"),
  accepted("log-http", "bool", "full HTTP logging"),
  accepted("mm-encoder-only", "bool", "multimodal encoder only"),
  accepted("mm-processor-kwargs", "string", "multimodal processor arguments"),
  accepted("mm-render-timeout", "duration", "multimodal render timeout"),
  accepted("omni", "bool", "omni mode"),
  accepted("render-timeout", "duration", "render service timeout"),
  accepted("render-url", "string", "render service URL"),
  accepted("tensor-parallel-size", "int", "tensor-parallel replicas"),
  accepted("time-to-generate-image", "duration", "omni image generation time"),
  accepted("time-to-generate-image-std-dev", "duration", "std-dev of the image generation time"),
  accepted("tokenizers-cache-dir", "string", "tokenizer cache directory"),
  accepted("uds-socket-path", "string", "Unix domain socket path"),
  accepted("use-vllm-map-event-format", "bool", "KV events as msgpack maps"),
  klog("v", "string", "v"),
  klog("vmodule", "string"),
  klog("logtostderr", "bool"),
  klog("alsologtostderr", "bool"),
  klog("log_dir", "string"),
  klog("log_file", "string"),
  klog("log_file_max_size", "string"),
  klog("skip_headers", "bool"),
  klog("skip_log_headers", "bool"),
  klog("stderrthreshold", "string"),
  klog("one_output", "bool"),
  klog("add_dir_header", "bool"),
  klog("log_backtrace_at", "string"),
  // Our own.
  ours("host", "string", "listen address (all interfaces when absent)"),
  ours("log-level", "string", "fatal, error, warn, info, debug, trace or silent", "info"),
  ours(
    "shutdown-grace-period",
    "duration",
    "on SIGTERM, how long in-flight requests and streams may take before exit",
    "25s",
  ),
  ours(
    "request-timeout",
    "duration",
    "longest time a client may take to send a whole request (headers and body); then 408",
    "60s",
  ),
  ours(
    "headers-timeout",
    "duration",
    "longest time a client may take to send a request's headers (≤ request-timeout); then 408",
    "30s",
  ),
  ours(
    "shutdown-read-timeout",
    "duration",
    "on SIGTERM, how long a connection may take to send a request it has begun or not yet sent; then it is closed (408 for a begun one)",
    "2s",
  ),
  ours(
    "max-tool-schema-nodes",
    "int",
    "most JSON values in one tool's parameters schema, and most schema nodes once its $refs are expanded; beyond, 400",
    "10000",
  ),
  ours(
    "max-tool-schema-depth",
    "int",
    "deepest nesting of one tool's parameters schema (const and enum values included); beyond, 400",
    "64",
  ),
  ours(
    "max-tool-schema-bytes",
    "int",
    "largest JSON size of one tool's parameters schema in bytes; beyond, 400",
    "262144",
  ),
  ours(
    "max-response-bytes",
    "int",
    "longest generated answer (echoed text or tool-call arguments) in bytes; longer answers are cut there with finish_reason 'length'",
    "4194304",
  ),
  ours("max-choices", "int", "most choices one completion returns (n × prompts); more is a 400", "128"),
  ours("max-tokenize-tokens", "int", "most tokens /tokenize returns; a longer prompt is a 400", "131072"),
  ours("max-lora-name-length", "int", "longest LoRA adapter name /v1/load_lora_adapter accepts", "256"),
  ours(
    "max-lora-adapters",
    "int",
    "most LoRA adapters served at once (--lora-modules and loaded ones); loading more is a 400",
    "100",
  ),
];

const BY_NAME: ReadonlyMap<string, FlagSpec> = new Map(FLAGS.map((flag) => [flag.name, flag]));

/** The row for a flag name (without `--`, and without a `no-` prefix), if the simulator knows it. */
export function findFlag(name: string): FlagSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * Checks extra command-line arguments meant for the simulator (e.g. a model's `extraArgs` in the Pulumi
 * config) without starting anything. Returns one message per unknown flag name.
 */
export function unknownFlagNames(args: readonly string[]): string[] {
  const problems: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith("-") || arg === "-" || arg === "--") continue;
    const bare = arg.replace(/^--?/, "").split("=", 1)[0];
    const flag = findFlag(bare) ?? (bare.startsWith("no-") ? findFlag(bare.slice(3)) : undefined);
    if (!flag || (bare !== flag.name && flag.kind !== "bool")) {
      problems.push(`unknown simulator flag ${arg.split("=", 1)[0]}`);
    }
  }
  return problems;
}
