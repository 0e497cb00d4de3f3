import type { SimulatorConfig } from "../config/simulator-config";
import type { FinishReason } from "../generation/text";
import type { Scheduler } from "../scheduling/scheduler";
import { EXPOSITION_CONTENT_TYPE, type MetricFamily, renderExposition } from "./exposition";
import { FastHistogram } from "./fast-histogram";
import { SampleFamily } from "./sample-family";

/*
 * Names, help texts, labels and buckets follow llm-d-inference-sim's pkg/llm-d-inference-sim/metrics.go
 * (v0.5.1 for the gauges and `vllm:lora_requests_info`, main for the histograms, counters and
 * `vllm:cache_config_info`) and its pkg/common/utils.go (bucket bounds).
 */

/** Bucket bounds (seconds), pkg/common/utils.go of the reference. */
const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
  2560,
];
const TPOT_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80,
];
const REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

/** vLLM's 1-2-5 buckets up to `max` (token-count histograms). */
export function buckets125(max: number): number[] {
  const result: number[] = [];
  for (let power = 1; power <= max; power *= 10) {
    for (const mantissa of [1, 2, 5]) if (mantissa * power <= max) result.push(mantissa * power);
  }
  return result;
}

/** What a finished (or abandoned) request reports. */
export interface RequestOutcome {
  readonly promptTokens: number;
  /** All choices together. */
  readonly generationTokens: number;
  /** The longest choice (`vllm:max_num_generation_tokens`). */
  readonly maxChoiceTokens: number;
  /** The request's `max_completion_tokens` / `max_tokens`, when it set one. */
  readonly maxTokens: number | undefined;
  /** Undefined when the client went away before the end. */
  readonly finishReason: FinishReason | undefined;
  readonly e2eSeconds: number;
  readonly queueSeconds: number;
  /** From getting its slot to its first token. */
  readonly prefillSeconds: number;
  /** From its first token to its last. */
  readonly decodeSeconds: number;
}

/** Prefix-cache lookups of one request (`--enable-kvcache`). */
export interface PrefixCacheStats {
  readonly queriedTokens: number;
  readonly cachedTokens: number;
}

/**
 * The Prometheus metrics under vLLM's names, labelled `model_name` (the first served name). Gauges are
 * computed from the scheduler when scraped, so they are right at every moment; with `--fake-metrics`
 * they report the fixed values instead.
 */
export class SimulatorMetrics {
  private readonly families: MetricFamily[] = [];
  private readonly ttft: FastHistogram;
  private readonly tpot: FastHistogram;
  private readonly e2e: FastHistogram;
  private readonly queueTime: FastHistogram;
  private readonly inferenceTime: FastHistogram;
  private readonly prefillTime: FastHistogram;
  private readonly decodeTime: FastHistogram;
  private readonly requestTpot: FastHistogram;
  private readonly requestPromptTokens: FastHistogram;
  private readonly requestGenerationTokens: FastHistogram;
  private readonly requestMaxTokens: FastHistogram;
  private readonly maxGenerationTokens: FastHistogram;
  private readonly promptTokensTotal: { inc(by: number): void };
  private readonly generationTokensTotal: { inc(by: number): void };
  private readonly prefixCacheHits: { inc(by: number): void };
  private readonly prefixCacheQueries: { inc(by: number): void };
  private readonly success: SampleFamily;
  private readonly loraInfo: SampleFamily;
  private readonly model: string;
  private readonly maxLoras: string;
  /** Fraction of the KV cache in use; replaced when `--enable-kvcache` counts blocks. */
  kvCacheUsage: () => number;

  constructor(
    private readonly config: SimulatorConfig,
    private readonly scheduler: Scheduler,
  ) {
    const model = config.servedModelNames[0];
    this.model = model;
    this.maxLoras = String(config.maxLoras);
    const labels = { model_name: model };
    const fake = config.fakeMetrics;
    this.kvCacheUsage = () => {
      if (config.kvCacheSize <= 0) return 0;
      let blocks = 0;
      for (const ticket of scheduler.active()) blocks += Math.ceil(ticket.cachedTokens / config.blockSize);
      return Math.min(1, blocks / config.kvCacheSize);
    };
    const add = <T extends MetricFamily>(family: T): T => {
      this.families.push(family);
      return family;
    };
    const gauge = (name: string, help: string, value: () => number) =>
      add(new SampleFamily(name, help, "gauge", (family) => family.set(labels, value())));

    gauge("vllm:num_requests_running", "Number of requests currently running on GPU.", () =>
      fake ? fake.runningRequests : scheduler.running,
    );
    gauge("vllm:num_requests_waiting", "Prometheus metric for the number of queued requests.", () =>
      fake ? fake.waitingRequests : scheduler.waiting,
    );
    // v0.5.1 names it gpu_cache_usage_perc, vLLM ≥ 0.10 and the reference's main kv_cache_usage_perc.
    for (const name of ["vllm:gpu_cache_usage_perc", "vllm:kv_cache_usage_perc"]) {
      gauge(
        name,
        "Prometheus metric for the fraction of KV-cache blocks currently in use (from 0 to 1).",
        () => (fake ? fake.kvCacheUsage : this.kvCacheUsage()),
      );
    }
    add(new SampleFamily("vllm:cache_config_info", "Information of the LLMEngine CacheConfig.", "gauge")).set(
      { block_size: String(config.blockSize), num_gpu_blocks: String(config.kvCacheSize) },
      1,
    );

    // One series per (running, waiting) state seen, valued with the Unix time it was last entered.
    this.loraInfo = add(
      new SampleFamily("vllm:lora_requests_info", "Running stats on lora requests.", "gauge"),
    );
    if (fake && fake.loras.length > 0) {
      for (const series of fake.loras) this.setLoraInfo(series.running, series.waiting, series.timestamp);
    } else {
      this.setLoraInfo("", "", Math.floor(Date.now() / 1000));
    }
    if (!fake) scheduler.onLoraChange = () => this.reportLoras();

    this.success = add(
      new SampleFamily("vllm:request_success_total", "Count of successfully processed requests.", "counter"),
    );
    for (const reason of ["stop", "length", "tool_calls"])
      this.success.inc({ model_name: model, finish_reason: reason }, 0);
    const counter = (name: string, help: string) =>
      add(new SampleFamily(name, help, "counter")).handle(labels);
    this.promptTokensTotal = counter("vllm:prompt_tokens_total", "Total number of prompt tokens processed.");
    this.generationTokensTotal = counter("vllm:generation_tokens_total", "Total number of generated tokens.");
    this.prefixCacheHits = counter(
      "vllm:prefix_cache_hits_total",
      "Prefix cache hits, in terms of number of cached tokens.",
    );
    this.prefixCacheQueries = counter(
      "vllm:prefix_cache_queries_total",
      "Prefix cache queries, in terms of number of queried tokens.",
    );

    const histogram = (name: string, help: string, buckets: number[]) =>
      add(new FastHistogram(name, help, buckets, labels));
    this.ttft = histogram(
      "vllm:time_to_first_token_seconds",
      "Histogram of time to first token in seconds.",
      TTFT_BUCKETS,
    );
    this.tpot = histogram(
      "vllm:time_per_output_token_seconds",
      "Histogram of time per output token in seconds.",
      TPOT_BUCKETS,
    );
    // vLLM 0.11 renamed TPOT to inter-token latency; the reference reports both from the same samples.
    add(this.tpot.alias("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds."));
    this.requestTpot = histogram(
      "vllm:request_time_per_output_token_seconds",
      "Histogram of time_per_output_token_seconds per request.",
      TPOT_BUCKETS,
    );
    this.e2e = histogram(
      "vllm:e2e_request_latency_seconds",
      "Histogram of end to end request latency in seconds.",
      REQUEST_LATENCY_BUCKETS,
    );
    this.queueTime = histogram(
      "vllm:request_queue_time_seconds",
      "Histogram of time spent in WAITING phase for request.",
      REQUEST_LATENCY_BUCKETS,
    );
    this.inferenceTime = histogram(
      "vllm:request_inference_time_seconds",
      "Histogram of time spent in RUNNING phase for request.",
      REQUEST_LATENCY_BUCKETS,
    );
    this.prefillTime = histogram(
      "vllm:request_prefill_time_seconds",
      "Histogram of time spent in PREFILL phase for request.",
      REQUEST_LATENCY_BUCKETS,
    );
    this.decodeTime = histogram(
      "vllm:request_decode_time_seconds",
      "Histogram of time spent in DECODE phase for request.",
      REQUEST_LATENCY_BUCKETS,
    );
    const tokenBuckets = buckets125(config.maxModelLen);
    this.requestPromptTokens = histogram(
      "vllm:request_prompt_tokens",
      "Number of prefill tokens processed.",
      tokenBuckets,
    );
    this.requestGenerationTokens = histogram(
      "vllm:request_generation_tokens",
      "Number of generation tokens processed.",
      tokenBuckets,
    );
    this.requestMaxTokens = histogram(
      "vllm:request_params_max_tokens",
      "Histogram of the max_tokens request parameter.",
      tokenBuckets,
    );
    this.maxGenerationTokens = histogram(
      "vllm:max_num_generation_tokens",
      "Histogram of maximum number of requested generation tokens.",
      tokenBuckets,
    );
  }

  private setLoraInfo(running: string, waiting: string, value: number): void {
    this.loraInfo.set(
      { max_lora: this.maxLoras, running_lora_adapters: running, waiting_lora_adapters: waiting },
      value,
    );
  }

  /** The adapters' state changed (a LoRA request queued, started or ended): as the reference's reportLoras. */
  private reportLoras(): void {
    this.setLoraInfo(
      this.scheduler.runningLoras().join(","),
      this.scheduler.waitingLoras().join(","),
      Math.floor(Date.now() / 1000),
    );
  }

  /** Time to first token of a request (seconds, from its arrival). */
  firstToken(seconds: number): void {
    this.ttft.observe(seconds);
  }

  /** The time between two consecutive tokens of a request (seconds). */
  interToken(seconds: number): void {
    this.tpot.observe(seconds);
  }

  /** `count` gaps of the same length (a whole answer at zero latency). */
  interTokens(seconds: number, count: number): void {
    this.tpot.observeMany(seconds, count);
  }

  /** Time a request waited for its slot (seconds); observed when it starts. */
  queued(seconds: number): void {
    this.queueTime.observe(seconds);
  }

  /** Prefix-cache lookups of a request (counted only with `--enable-kvcache`, as the reference does). */
  prefixCache(stats: PrefixCacheStats): void {
    if (this.config.fakeMetrics) return;
    this.prefixCacheQueries.inc(stats.queriedTokens);
    this.prefixCacheHits.inc(stats.cachedTokens);
  }

  /** A request that ran: successful when it has a finish reason, else abandoned by its client. */
  finished(outcome: RequestOutcome): void {
    this.promptTokensTotal.inc(outcome.promptTokens);
    this.generationTokensTotal.inc(outcome.generationTokens);
    if (outcome.finishReason === undefined) return;
    this.success.inc({ model_name: this.model, finish_reason: outcome.finishReason });
    this.e2e.observe(outcome.e2eSeconds);
    this.inferenceTime.observe(Math.max(0, outcome.e2eSeconds - outcome.queueSeconds));
    this.prefillTime.observe(outcome.prefillSeconds);
    this.decodeTime.observe(outcome.decodeSeconds);
    const gaps = outcome.maxChoiceTokens - 1;
    this.requestTpot.observe(gaps > 0 ? outcome.decodeSeconds / gaps : 0);
    this.requestPromptTokens.observe(outcome.promptTokens);
    this.requestGenerationTokens.observe(outcome.generationTokens);
    this.maxGenerationTokens.observe(outcome.maxChoiceTokens);
    if (outcome.maxTokens !== undefined) this.requestMaxTokens.observe(outcome.maxTokens);
  }

  /** The Prometheus text exposition. */
  render(): { contentType: string; body: string } {
    return { contentType: EXPOSITION_CONTENT_TYPE, body: renderExposition(this.families) };
  }
}
