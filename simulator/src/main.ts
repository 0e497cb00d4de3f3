#!/usr/bin/env node
/**
 * The simulator's command: `node dist/main.js --port 8000 --model model-a --mode random`.
 * Exits 1 with one line on stderr for a bad flag; on SIGTERM/SIGINT stops accepting connections, lets
 * in-flight requests and streams finish within the grace period, then exits 0.
 */
import { ConfigError } from "./cli/errors";
import { parseCommandLine } from "./cli/parse";
import { tlsEnabled } from "./config/simulator-config";
import { createLogger, flushLogger } from "./logging/logger";
import { listenRanks } from "./http/data-parallel";
import { listen } from "./http/server";

function fail(message: string): never {
  process.stderr.write(`llm-d-inference-sim: error: ${message}\nRun with --help for the flags.\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (parsed.kind === "help") {
    process.stdout.write(parsed.text);
    return;
  }
  const { config, warnings } = parsed;
  const logger = createLogger(config.logLevel);
  for (const warning of warnings) logger.warn(warning);
  let simulator;
  try {
    simulator = await listenRanks(listen, config, logger);
  } catch (error) {
    flushLogger(logger);
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  logger.info(
    {
      port: simulator.port,
      ...(config.dataParallelSize > 1
        ? { data_parallel_ports: simulator.ranks.map((rank) => rank.port) }
        : {}),
      tls: tlsEnabled(config),
      model: config.model,
      served_model_names: config.servedModelNames,
      mode: config.mode,
      max_num_seqs: config.maxNumSeqs,
      seed: config.seed,
    },
    "simulator listening",
  );
  flushLogger(logger);
  serving = true;

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      flushLogger(logger);
      process.exit(0);
    }
    stopping = true;
    logger.info(
      { signal, grace_ms: config.shutdownGracePeriod },
      "draining: no new connections, finishing in-flight requests",
    );
    void simulator.drain().then((finished) => {
      logger.info({ finished }, finished ? "drained, exiting" : "grace period over, exiting");
      flushLogger(logger);
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * Before the server listens, an unexpected error is fatal. After, one request's fault must not end the
 * process for every other user: requests guard their own timers (failing with a 500), and anything that
 * still escapes is logged and the server goes on.
 */
let serving = false;
process.on("uncaughtException", (error) => {
  process.stderr.write(
    `llm-d-inference-sim: ${serving ? "uncaught error (the server goes on)" : "fatal"}: ${error.stack ?? error.message}\n`,
  );
  if (!serving) process.exit(1);
});
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`llm-d-inference-sim: unhandled rejection (the server goes on): ${String(reason)}\n`);
});

void main();
