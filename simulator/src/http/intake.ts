import type { IncomingMessage, ServerResponse } from "node:http";
import { arrivalTime, stampArrival } from "./arrival";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** How long one turn of the event loop spends at least handing waiting requests to Express… */
export const INTAKE_SLICE_MS = 1;
/** …or this share of how long the oldest waiting request has waited, when that is more… */
export const INTAKE_AGE_SHARE = 0.5;
/** …but never more than this. */
export const INTAKE_MAX_SLICE_MS = 20;

/**
 * The server's request intake. Each request's arrival is stamped the moment its head is parsed; requests
 * then reach the Express app in arrival order, in slices of each turn of the event loop: 1 ms, or half
 * as long as the oldest waiting request has waited (at most 20 ms), so a backlog that ages gets more of
 * the CPU.
 *
 * Why: when hundreds of streams are opened at once, handing each request to Express as it is parsed
 * would run the whole burst's routing, body parsing and generation back to back, so (a) the last requests
 * would be stamped only after the earlier ones were processed, and (b) tokens of running streams, due
 * on timers, would wait for the whole burst. Slices let due timers run between requests, and every
 * request's TTFT counts from when it really arrived, as in a real server.
 */
export class RequestIntake {
  private queue: ([IncomingMessage, ServerResponse] | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  /** Requests between arrival and the end of their response, waiting ones included. */
  inFlight = 0;

  constructor(private readonly handle: Handler) {}

  /** The server's `request` listener. */
  readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    stampArrival(req);
    this.inFlight++;
    res.once("close", this.onClose);
    this.queue.push([req, res]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.next);
    }
  };

  private readonly onClose = (): void => {
    this.inFlight--;
  };

  private readonly next = (): void => {
    const now = performance.now();
    const head = this.queue[this.head];
    const waited = head ? now - arrivalTime(head[0]) : 0;
    const until = now + Math.min(INTAKE_MAX_SLICE_MS, Math.max(INTAKE_SLICE_MS, waited * INTAKE_AGE_SHARE));
    do {
      const entry = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (entry) this.handle(entry[0], entry[1]);
    } while (this.head < this.queue.length && performance.now() < until);
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.scheduled = false;
    } else {
      // An immediate queued while immediates run waits for the next turn: timers due meanwhile go first.
      setImmediate(this.next);
    }
  };
}
