import type { IncomingMessage } from "node:http";

const ARRIVED = Symbol("arrivedAt");

type Stamped = IncomingMessage & { [ARRIVED]?: number };

/** Records when a request's headers arrived (the server's first `request` listener calls this). */
export function stampArrival(req: IncomingMessage): void {
  (req as Stamped)[ARRIVED] = performance.now();
}

/**
 * When the request arrived (performance.now() ms): TTFT, queue time and e2e latency count from here,
 * so the time the server spends parsing a burst of requests is part of their TTFT, not added to it.
 */
export function arrivalTime(req: IncomingMessage): number {
  return (req as Stamped)[ARRIVED] ?? performance.now();
}
