import type { SimulatorConfig } from "../config/simulator-config";
import type { Logger } from "../logging/logger";
import type { RunningSimulator } from "./server";

/** Starts one simulator (the server's `listen`). */
export type ListenOne = (config: SimulatorConfig, logger: Logger, port: number) => Promise<RunningSimulator>;

/** Data-parallel ranks (`--data-parallel-size`): rank 0 first; closing it closes them all. */
export interface RunningRanks extends RunningSimulator {
  /** Every rank, rank 0 first; rank i listens on the base port + i. */
  readonly ranks: readonly RunningSimulator[];
}

/**
 * Starts `--data-parallel-size` full simulators, rank i on `port + i`, each with its own scheduler,
 * metrics and KV cache, as the reference does (pkg/llm-d-inference-sim/simulator.go @ v0.5.1, Start:
 * a copy of the configuration per extra rank with `Port = port + rank`). Base port 0 gives every
 * rank a free port. If a rank cannot listen, the ones started are closed and the error is thrown.
 */
export async function listenRanks(
  listen: ListenOne,
  config: SimulatorConfig,
  logger: Logger,
  port = config.port,
): Promise<RunningRanks> {
  const ranks: RunningSimulator[] = [];
  try {
    for (let rank = 0; rank < config.dataParallelSize; rank++) {
      const rankPort = port === 0 ? 0 : port + rank;
      const rankLogger = config.dataParallelSize > 1 ? logger.child({ rank }) : logger;
      ranks.push(await listen({ ...config, port: rankPort, dataParallelRank: rank }, rankLogger, rankPort));
    }
  } catch (error) {
    await Promise.all(ranks.map((rank) => rank.close()));
    throw error;
  }
  const [first] = ranks;
  return {
    url: first.url,
    port: first.port,
    config: first.config,
    state: first.state,
    ranks,
    async drain(graceMs) {
      const finished = await Promise.all(ranks.map((rank) => rank.drain(graceMs)));
      return finished.every(Boolean);
    },
    async close() {
      await Promise.all(ranks.map((rank) => rank.close()));
    },
  };
}
