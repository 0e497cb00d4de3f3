import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { createApp } from "./app";
import { onClientError, onUnknownExpectation } from "./client-errors";
import { acceptQueueLength } from "./accept-queue";
import { ConnectionTracker } from "./connections";
import { refuseTooLarge } from "./json-body";
import type { SimulatorEnv } from "../cli/build-config";
import { ConfigError } from "../cli/errors";
import { parseCommandLine } from "../cli/parse";
import type { LogLevel, SimulatorConfig } from "../config/simulator-config";
import { createLogger, type Logger } from "../logging/logger";
import { RequestIntake } from "./intake";
import { messageClasses } from "./message-classes";
import { SimulatorState } from "../engine/state";
import { loadTls } from "./tls";
import { listenRanks, type RunningRanks } from "./data-parallel";

/** A listening simulator. */
export interface RunningSimulator {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly url: string;
  readonly port: number;
  readonly config: SimulatorConfig;
  readonly state: SimulatorState;
  /**
   * Graceful stop: stop accepting connections, let in-flight requests and streams finish for up to
   * `graceMs` (default `--shutdown-grace-period`), then close what is left. Resolves true when
   * everything finished in time.
   */
  drain(graceMs?: number): Promise<boolean>;
  /** Immediate stop: closes every connection, in-flight requests included. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves the simulator with a validated configuration on `port` (config.port unless given). */
export async function listen(
  config: SimulatorConfig,
  logger: Logger,
  port = config.port,
): Promise<RunningSimulator> {
  const state = new SimulatorState(config, logger);
  try {
    await state.startKvCache();
  } catch (error) {
    throw new ConfigError(`--zmq-endpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  const app = createApp(state);
  const tls = await loadTls(config);
  const options: http.ServerOptions = {
    keepAliveTimeout: 65_000,
    headersTimeout: config.headersTimeout,
    requestTimeout: config.requestTimeout,
    // How often Node checks those timeouts (its default, 30 s, would let a 1 s timeout wait 30 s).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, config.headersTimeout / 4)),
    ...messageClasses(app),
  };
  const server = tls
    ? https.createServer({ ...options, cert: tls.cert, key: tls.key })
    : http.createServer(options);
  const connections = new ConnectionTracker();
  server.on(tls ? "secureConnection" : "connection", connections.onConnection);
  const intake = new RequestIntake((req, res) => {
    connections.onRequest(req, res);
    app(req, res);
  });
  server.on("request", intake.onRequest);
  const limitMb = config.maxRequestBodySizeMb;
  // `Expect: 100-continue`: a body over the limit is refused before the client sends it.
  server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > limitMb * 1024 * 1024) refuseTooLarge(req, res, limitMb);
    else {
      res.writeContinue();
      intake.onRequest(req, res);
    }
  });
  server.on("checkExpectation", onUnknownExpectation);
  server.on("clientError", onClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new ConfigError(`cannot listen on port ${port}: ${error.code ?? error.message}`)),
    );
    server.listen(port, config.host, () => resolve());
  }).catch((error: unknown) => {
    state.kvCache?.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  state.listenPort = address.port;
  const host = config.host && config.host !== "0.0.0.0" && config.host !== "::" ? config.host : "127.0.0.1";
  const url = `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  let closed: Promise<void> | undefined;
  // Closes the listener only: http.Server#close would also close every connection without a request
  // in progress, including ones just accepted whose request is not read yet (their clients get resets).
  const stopListening = () =>
    (closed ??= new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve())));

  return {
    url,
    port: address.port,
    config,
    state,
    async drain(graceMs = config.shutdownGracePeriod) {
      state.draining = true;
      const started = performance.now();
      const deadline = started + graceMs;
      // Connections the kernel has already accepted are taken (and answered) before the listener
      // closes, which would reset them: it stays open while its accept queue is not empty (at most 10 s,
      // or half the grace period). Without /proc, until a few turns of the event loop bring no new
      // connection.
      let seen = -1;
      let quiet = 0;
      while (performance.now() - started < Math.min(10_000, graceMs / 2)) {
        const queued = acceptQueueLength(address.port);
        if (queued === 0) break;
        if (queued === undefined) {
          quiet = seen === connections.accepted ? quiet + 1 : 0;
          if (quiet >= 5) break;
          seen = connections.accepted;
        }
        // One turn of the event loop: its poll phase (where connections are accepted) comes before
        // immediates. Node takes only a few queued connections per turn, so turns are kept short.
        await new Promise((resolve) => setImmediate(resolve));
        if (queued === undefined) await sleep(2);
      }
      void stopListening();
      const readTimeout = config.shutdownReadTimeout;
      connections.sweep(started, readTimeout);
      while ((intake.inFlight > 0 || connections.size > 0) && performance.now() < deadline) {
        await sleep(Math.min(50, Math.max(1, deadline - performance.now())));
        connections.sweep(started, readTimeout);
      }
      const finished = intake.inFlight === 0;
      server.closeAllConnections();
      await stopListening();
      state.kvCache?.close();
      return finished;
    },
    async close() {
      state.draining = true;
      void stopListening();
      server.closeAllConnections();
      await stopListening();
      state.kvCache?.close();
    },
  };
}

/** Options of the programmatic API (tests, benchmarks). */
export interface StartOptions {
  /** Flags exactly as on the command line, e.g. `["--model", "m", "--mode", "echo"]`. */
  readonly args: readonly string[];
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Log level unless the args set `--log-level`; quiet by default. */
  readonly logLevel?: LogLevel;
  /** Environment (POD_NAME, POD_NAMESPACE, SIM_MODEL); none by default. */
  readonly env?: SimulatorEnv;
}

/** Starts a simulator in this process (every `--data-parallel-size` rank); for tests and benchmarks. */
export async function startSimulator(options: StartOptions): Promise<RunningRanks> {
  const hasLogLevel = options.args.some((arg) => arg === "--log-level" || arg.startsWith("--log-level="));
  const args = hasLogLevel ? options.args : [...options.args, "--log-level", options.logLevel ?? "silent"];
  const parsed = parseCommandLine(args, options.env ?? {});
  if (parsed.kind !== "run") throw new ConfigError("startSimulator: --help has nothing to start");
  return listenRanks(listen, parsed.config, createLogger(parsed.config.logLevel), options.port ?? 0);
}
