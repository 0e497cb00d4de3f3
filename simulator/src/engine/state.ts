import { FAILURE_STATUS, type FailureType, type SimulatorConfig } from "../config/simulator-config";
import { Rng } from "../generation/rng";
import type { Logger } from "../logging/logger";
import { SimulatorMetrics } from "../metrics/metrics";
import { ModelRegistry } from "./models";
import { ApiError } from "../protocol/errors";
import { LatencyModel } from "../scheduling/latency";
import { Scheduler } from "../scheduling/scheduler";
import { KvCache } from "../kv-cache/kv-cache";

/**
 * Messages of injected failures (`--failure-types`), word for word the reference's
 * (pkg/llm-d-inference-sim/failures.go @ v0.5.1, predefinedFailures; unchanged on main).
 */
function failureMessage(type: FailureType, model: string): { message: string; param: string | null } {
  switch (type) {
    case "rate_limit":
      return {
        message: `Rate limit reached for ${model} in organization org-xxx on requests per min (RPM): Limit 3, Used 3, Requested 1.`,
        param: null,
      };
    case "invalid_api_key":
      return { message: "Incorrect API key provided.", param: null };
    case "context_length":
      return {
        message:
          "This model's maximum context length is 4096 tokens. However, your messages resulted in 4500 tokens.",
        param: "messages",
      };
    case "server_error":
      return { message: "The server is overloaded or not ready yet.", param: null };
    case "invalid_request":
      return { message: "Invalid request: missing required parameter 'model'.", param: "model" };
    case "model_not_found":
      return { message: `The model '${model}-nonexistent' does not exist`, param: "model" };
  }
}

/** Everything the routes share: configuration, scheduler, latency model, metrics, models, logger. */
export class SimulatorState {
  readonly scheduler: Scheduler;
  readonly latency: LatencyModel;
  readonly metrics: SimulatorMetrics;
  readonly models: ModelRegistry;
  /** When the simulator started (performance.now() ms), for `--startup-duration`. */
  readonly startedAt = performance.now();
  /** The port this simulator listens on (set once listening; `x-inference-port`). */
  listenPort = 0;
  /** Sleep mode (`POST /sleep`, `POST /wake_up`): requests are still served. */
  sleeping = false;
  /** The block-level KV cache (`--enable-kvcache`); set by `startKvCache`. */
  kvCache: KvCache | undefined;
  /** Set on SIGTERM: `/ready` answers 503 and responses close their connections. */
  draining = false;
  private requestCount = 0;
  private readonly failureRng: Rng;

  constructor(
    readonly config: SimulatorConfig,
    readonly logger: Logger,
  ) {
    this.scheduler = new Scheduler(config.maxNumSeqs, config.maxWaitingQueueLength, config.maxLoras);
    this.latency = new LatencyModel(config, Rng.fromSeed(config.seed, 1));
    this.metrics = new SimulatorMetrics(config, this.scheduler);
    this.models = new ModelRegistry(config);
    this.failureRng = Rng.fromSeed(config.seed, 2);
  }

  /** The generator for the next request's content: same seed and request order, same answers. */
  nextRequestRng(): Rng {
    this.requestCount++;
    return Rng.fromSeed(this.config.seed, 100 + this.requestCount);
  }

  /**
   * With `--enable-kvcache`: creates the KV cache (connecting its event socket) and makes it the source
   * of the usage gauge. Throws when the ZMQ endpoint cannot be connected to.
   */
  async startKvCache(): Promise<void> {
    if (!this.config.enableKvCache) return;
    const kvCache = await KvCache.create(this.config, this.logger, () => this.listenPort || this.config.port);
    this.kvCache = kvCache;
    this.metrics.kvCacheUsage = () => kvCache.usage();
  }

  /** `POST /sleep` (when allowed): the KV cache, if any, is discarded (pkg/communication/http.go @ main). */
  sleep(): void {
    this.sleeping = true;
    this.kvCache?.discard();
  }

  /**
   * `POST /wake_up`: awake whatever its `tags`; the KV cache is tracked again when there are no tags or
   * the (first) tag is `kv_cache` (pkg/communication/http.go @ main, HandleWakeUp).
   */
  wakeUp(tags: string | undefined): void {
    if (tags === undefined || tags === "kv_cache") this.kvCache?.activate();
    this.sleeping = false;
  }

  /** Whether `/ready` should answer 200. */
  ready(): boolean {
    return !this.draining && performance.now() - this.startedAt >= this.config.startupDuration;
  }

  /** An injected failure for this request, or undefined (`--failure-injection-rate`). */
  injectedFailure(): ApiError | undefined {
    const rate = this.config.failureInjectionRate;
    if (rate <= 0 || this.failureRng.int(1, 100) > rate) return undefined;
    const types =
      this.config.failureTypes.length > 0
        ? this.config.failureTypes
        : (Object.keys(FAILURE_STATUS) as FailureType[]);
    const type = this.failureRng.pick(types);
    const { message, param } = failureMessage(type, this.config.model);
    return new ApiError(FAILURE_STATUS[type], message, param);
  }
}
