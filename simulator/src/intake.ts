import type { IncomingMessage, ServerResponse } from "node:http";
import { stampArrival } from "./arrival";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** How long one turn of the event loop may spend handing waiting requests to Express. */
export const INTAKE_SLICE_MS = 1;

/**
 * The server's request intake. Each request's arrival is stamped the moment its head is parsed; requests
 * then reach the Express app in arrival order, for at most INTAKE_SLICE_MS per turn of the event loop.
 *
 * Why: when hundreds of streams are opened at once, handing each request to Express as it is parsed
 * would run the whole burst's routing, body parsing and generation back to back, so (a) the last requests
 * would be stamped only after the earlier ones were processed, and (b) tokens of running streams, due
 * on timers, would wait for the whole burst. Short slices let due timers run between requests, and every
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
    const until = performance.now() + INTAKE_SLICE_MS;
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
