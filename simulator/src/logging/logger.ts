import pino, { type Logger } from "pino";
import type { LogLevel } from "../config/simulator-config";

export type { Logger } from "pino";

/**
 * The structured logger: JSON lines on stdout. Writes are buffered (flushed every few KiB, on a timer,
 * and at shutdown) so that one line per request costs little.
 */
const destinations = new WeakMap<Logger, { flushSync(): void }>();

export function createLogger(level: LogLevel): Logger {
  if (level === "silent") return pino({ level: "silent" });
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino(
    {
      level,
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const timer = setInterval(() => destination.flush(), 1000);
  timer.unref();
  destinations.set(logger, destination);
  return logger;
}

/** Writes out whatever the logger still buffers; call before the process exits. */
export function flushLogger(logger: Logger): void {
  try {
    destinations.get(logger)?.flushSync();
  } catch {
    // Nothing sensible to do when stdout is gone.
  }
}
