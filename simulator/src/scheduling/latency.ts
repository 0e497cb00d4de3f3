import type { SimulatorConfig } from "../config/simulator-config";
import type { Rng } from "../generation/rng";

/**
 * How long the first token and each next token take, in milliseconds.
 *
 * - Each delay is drawn around its mean with its std-dev, clamped to 0.3–1.7× the mean.
 * - The load factor `1 + (f−1)·(running−1)/(max-num-seqs−1)` scales the means, `f` being
 *   `--time-factor-under-load` and `running` the requests running when the delay is drawn.
 * - TTFT is `--time-to-first-token`, or (when that is 0, or `--latency-calculator per-token`)
 *   `--prefill-overhead + uncached prompt tokens × --prefill-time-per-token` (prompt tokens found in
 *   the KV cache, `--enable-kvcache`, need no prefill); a request with
 *   `do_remote_prefill` takes the KV-cache transfer time instead.
 */
export class LatencyModel {
  constructor(
    private readonly config: SimulatorConfig,
    private readonly rng: Rng,
  ) {}

  loadFactor(running: number): number {
    const { maxNumSeqs, timeFactorUnderLoad } = this.config;
    if (maxNumSeqs <= 1 || timeFactorUnderLoad === 1) return 1;
    const busy = Math.min(Math.max(running, 1), maxNumSeqs);
    return 1 + ((timeFactorUnderLoad - 1) * (busy - 1)) / (maxNumSeqs - 1);
  }

  /** A draw around `mean` with `stdDev`, clamped to 0.3–1.7× the mean. */
  jitter(mean: number, stdDev: number): number {
    if (stdDev <= 0 || mean <= 0) return Math.max(0, mean);
    const value = mean + stdDev * this.rng.normal();
    return Math.min(1.7 * mean, Math.max(0.3 * mean, value));
  }

  timeToFirstToken(
    promptTokens: number,
    doRemotePrefill: boolean,
    running: number,
    cachedTokens = 0,
  ): number {
    const c = this.config;
    const factor = this.loadFactor(running);
    const constant = c.latencyCalculator === "constant";
    const perToken = c.latencyCalculator === "per-token";
    if (doRemotePrefill) {
      const fixed = c.kvCacheTransferLatency > 0 || c.kvCacheTransferLatencyStdDev > 0;
      if (constant || (!perToken && fixed))
        return this.jitter(c.kvCacheTransferLatency, c.kvCacheTransferLatencyStdDev);
      return this.jitter(c.kvCacheTransferTimePerToken * promptTokens, c.kvCacheTransferTimeStdDev);
    }
    const fixed = c.timeToFirstToken > 0 || c.timeToFirstTokenStdDev > 0;
    if (constant || (!perToken && fixed)) {
      return this.jitter(c.timeToFirstToken * factor, c.timeToFirstTokenStdDev);
    }
    // pkg/llm-d-inference-sim/latencies.go @ v0.5.1, getWaitTimeToFirstToken.
    const prefill = (c.prefillOverhead + (promptTokens - cachedTokens) * c.prefillTimePerToken) * factor;
    return this.jitter(prefill, c.prefillTimeStdDev);
  }

  /** Whether tokens take any time at all after the first. */
  hasInterTokenLatency(): boolean {
    return this.config.interTokenLatency > 0;
  }

  interTokenLatency(running: number): number {
    return this.jitter(
      this.config.interTokenLatency * this.loadFactor(running),
      this.config.interTokenLatencyStdDev,
    );
  }
}
