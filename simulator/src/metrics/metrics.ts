import { Counter, Gauge, Registry } from "prom-client";
import { FastHistogram } from "./fast-histogram";
import type { SimulatorConfig } from "../config/simulator-config";
import type { FinishReason } from "../generation/text";
import type { Scheduler } from "../scheduling/scheduler";

/** Bucket bounds vLLM uses (seconds). */
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
  readonly generationTokens: number;
  /** Undefined when the client went away before the end. */
  readonly finishReason: FinishReason | undefined;
  readonly e2eSeconds: number;
  readonly queueSeconds: number;
}

/**
 * The Prometheus metrics under vLLM's names, all labelled `model_name` (the first served name).
 * Gauges are computed from the scheduler when scraped, so they are right at every moment.
 */
export class SimulatorMetrics {
  readonly registry = new Registry();
  private readonly model: string;
  private readonly ttft: FastHistogram;
  private readonly tpot: FastHistogram;
  private readonly e2e: FastHistogram;
  private readonly queueTime: FastHistogram;
  private readonly inferenceTime: FastHistogram;
  private readonly requestPromptTokens: FastHistogram;
  private readonly requestGenerationTokens: FastHistogram;
  private readonly promptTokensTotal: Counter.Internal;
  private readonly generationTokensTotal: Counter.Internal;
  private readonly success: Counter<"model_name" | "finish_reason">;

  constructor(config: SimulatorConfig, scheduler: Scheduler) {
    const model = config.servedModelNames[0];
    this.model = model;
    const registers = [this.registry];
    const labelNames = ["model_name"] as const;
    const kvUsage = (): number => {
      const capacity = config.kvCacheSize * config.blockSize;
      if (capacity <= 0) return 0;
      let blocks = 0;
      for (const ticket of scheduler.active()) blocks += Math.ceil(ticket.cachedTokens / config.blockSize);
      return Math.min(1, blocks / config.kvCacheSize);
    };

    new Gauge({
      name: "vllm:num_requests_running",
      help: "Number of requests currently running on GPU.",
      labelNames,
      registers,
      collect() {
        this.set({ model_name: model }, scheduler.running);
      },
    });
    new Gauge({
      name: "vllm:num_requests_waiting",
      help: "Number of requests waiting to be processed.",
      labelNames,
      registers,
      collect() {
        this.set({ model_name: model }, scheduler.waiting);
      },
    });
    for (const name of ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"]) {
      new Gauge({
        name,
        help: "KV-cache usage. 1 means 100 percent usage.",
        labelNames,
        registers,
        collect() {
          this.set({ model_name: model }, kvUsage());
        },
      });
    }
    new Gauge({
      name: "vllm:lora_requests_info",
      help: "Running stats on lora requests.",
      labelNames: ["model_name", "max_lora", "running_lora_adapters", "waiting_lora_adapters"],
      registers,
      collect() {
        this.reset();
        this.set(
          {
            model_name: model,
            max_lora: String(config.maxLoras),
            running_lora_adapters: scheduler.runningLoras().join(","),
            waiting_lora_adapters: scheduler.waitingLoras().join(","),
          },
          Date.now() / 1000,
        );
      },
    });

    this.success = new Counter({
      name: "vllm:request_success_total",
      help: "Count of successfully processed requests.",
      labelNames: ["model_name", "finish_reason"],
      registers,
    });
    for (const reason of ["stop", "length", "tool_calls"])
      this.success.inc({ model_name: model, finish_reason: reason }, 0);
    const counter = (name: string, help: string) => {
      const metric = new Counter({ name, help, labelNames, registers }).labels(model);
      metric.inc(0);
      return metric;
    };
    this.promptTokensTotal = counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.");
    this.generationTokensTotal = counter(
      "vllm:generation_tokens_total",
      "Number of generation tokens processed.",
    );

    const histogram = (name: string, help: string, buckets: number[]) =>
      new FastHistogram(name, help, buckets, { model_name: model }, this.registry);
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

  /** A request that ran: successful when it has a finish reason, else abandoned by its client. */
  finished(outcome: RequestOutcome): void {
    this.promptTokensTotal.inc(outcome.promptTokens);
    this.generationTokensTotal.inc(outcome.generationTokens);
    if (outcome.finishReason === undefined) return;
    this.success.inc({ model_name: this.model, finish_reason: outcome.finishReason });
    this.e2e.observe(outcome.e2eSeconds);
    this.inferenceTime.observe(Math.max(0, outcome.e2eSeconds - outcome.queueSeconds));
    this.requestPromptTokens.observe(outcome.promptTokens);
    this.requestGenerationTokens.observe(outcome.generationTokens);
  }

  /** The Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
