/**
 * Admission of requests: at most `maxNumSeqs` run at once (a stream until its last token), the rest wait
 * in FIFO order in a queue of at most `maxWaiting`; a full queue rejects (→ 429). A request for a LoRA
 * adapter may only start while fewer than `maxLoras` distinct adapters run, or its own adapter already
 * does; such a request waits without blocking the requests behind it (as vLLM's scheduler skips it).
 *
 * The counts here are live: metrics read them at scrape time, so they are right at every moment.
 */

/** One request's place in the scheduler. */
export class Ticket {
  state: "new" | "waiting" | "running" | "done" = "new";
  /** When it entered the scheduler / started running (performance.now() ms). */
  submittedAt = 0;
  startedAt = 0;
  /** Whether it had to wait in the queue. */
  waited = false;
  /** Tokens this request holds in the (simulated) KV cache: prompt plus generated so far. */
  cachedTokens = 0;

  constructor(
    /** LoRA adapter name, or undefined for the base model. */
    readonly lora: string | undefined,
    /** Called once when the request gets its slot (possibly synchronously from `submit`). */
    readonly onStart: (ticket: Ticket) => void,
  ) {}
}

export type Admission = "running" | "waiting" | "rejected";

export class Scheduler {
  private readonly runningTickets = new Set<Ticket>();
  private queue: Ticket[] = [];
  private queueHead = 0;
  private waitingCount = 0;
  private readonly loraRunning = new Map<string, number>();
  private readonly loraWaiting = new Map<string, number>();
  private dispatching = false;
  private dispatchAgain = false;
  /** Called when the set of running or waiting LoRA adapters may have changed. */
  onLoraChange: (() => void) | undefined;

  constructor(
    private readonly maxNumSeqs: number,
    private readonly maxWaiting: number,
    private readonly maxLoras: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Requests holding a slot. */
  get running(): number {
    return this.runningTickets.size;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** LoRA adapters with running requests. */
  runningLoras(): string[] {
    return [...this.loraRunning.keys()];
  }

  /** LoRA adapters with waiting requests. */
  waitingLoras(): string[] {
    return [...this.loraWaiting.keys()];
  }

  /** The running requests (the KV-cache usage gauge sums their tokens). */
  active(): Iterable<Ticket> {
    return this.runningTickets.values();
  }

  /** Whether `submit` would reject a request for this adapter now, so it can be refused before any work. */
  wouldReject(lora: string | undefined): boolean {
    if (this.waitingCount === 0 && this.canStart(lora)) return false;
    return this.waitingCount >= this.maxWaiting;
  }

  /** Admits a request: it starts now, waits, or is rejected because the queue is full. */
  submit(ticket: Ticket): Admission {
    ticket.submittedAt = this.now();
    if (this.waitingCount === 0 && this.canStart(ticket.lora)) {
      if (ticket.lora !== undefined && this.onLoraChange) {
        // The reference reports every LoRA request as waiting before it runs (lora_requests_info).
        increment(this.loraWaiting, ticket.lora);
        this.onLoraChange();
        decrement(this.loraWaiting, ticket.lora);
      }
      this.start(ticket);
      return "running";
    }
    if (this.waitingCount >= this.maxWaiting) return "rejected";
    ticket.state = "waiting";
    ticket.waited = true;
    this.queue.push(ticket);
    this.waitingCount++;
    if (ticket.lora !== undefined) {
      increment(this.loraWaiting, ticket.lora);
      this.onLoraChange?.();
    }
    // A LoRA-blocked head may let this one start at once.
    this.dispatch();
    return (ticket.state as Ticket["state"]) === "running" ? "running" : "waiting";
  }

  /** Ends a request: frees its slot, or takes it out of the queue. Safe to call more than once. */
  finish(ticket: Ticket): void {
    if (ticket.state === "running") {
      ticket.state = "done";
      this.runningTickets.delete(ticket);
      if (ticket.lora !== undefined) {
        decrement(this.loraRunning, ticket.lora);
        this.onLoraChange?.();
      }
      this.dispatch();
    } else if (ticket.state === "waiting") {
      ticket.state = "done";
      this.waitingCount--;
      if (ticket.lora !== undefined) {
        decrement(this.loraWaiting, ticket.lora);
        this.onLoraChange?.();
      }
      this.compact();
    } else {
      ticket.state = "done";
    }
  }

  private canStart(lora: string | undefined): boolean {
    if (this.runningTickets.size >= this.maxNumSeqs) return false;
    if (lora === undefined || this.loraRunning.has(lora)) return true;
    return this.loraRunning.size < this.maxLoras;
  }

  private start(ticket: Ticket): void {
    ticket.state = "running";
    ticket.startedAt = this.now();
    this.runningTickets.add(ticket);
    if (ticket.lora !== undefined) {
      increment(this.loraRunning, ticket.lora);
      this.onLoraChange?.();
    }
    ticket.onStart(ticket);
  }

  /** Starts waiting requests, oldest first, while slots are free. Re-entrant calls are folded in. */
  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.compact();
        for (
          let i = this.queueHead;
          i < this.queue.length && this.runningTickets.size < this.maxNumSeqs;
          i++
        ) {
          const ticket = this.queue[i];
          if (ticket.state !== "waiting" || !this.canStart(ticket.lora)) continue;
          this.waitingCount--;
          if (ticket.lora !== undefined) decrement(this.loraWaiting, ticket.lora);
          this.start(ticket);
          if (this.dispatchAgain) break;
        }
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  /** Drops finished and started entries from the front of the queue; shrinks the array now and then. */
  private compact(): void {
    while (this.queueHead < this.queue.length && this.queue[this.queueHead].state !== "waiting")
      this.queueHead++;
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function decrement(map: Map<string, number>, key: string): void {
  const count = (map.get(key) ?? 0) - 1;
  if (count <= 0) map.delete(key);
  else map.set(key, count);
}
