import { streamedTokenCount } from "../generation/answer";
import type { ChoiceSet } from "../generation/choice-set";
import type { FinishReason } from "../generation/text";
import type { CompletionRequest } from "../protocol/types";
import type { SimulatorState } from "../engine/state";
import type { CompletionOutput } from "./completion-output";
import { Ticket } from "./scheduler";
import { BlockCacheError } from "../kv-cache/block-cache";

/** Characters of frames written at once when many tokens are due together (zero inter-token latency). */
const STREAM_BATCH_CHARS = 64 * 1024;

/** Fields a completion adds to its request's log line. */
export interface CompletionLogFields {
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  finish_reason?: string;
  queued_ms?: number;
}

/**
 * One completion from admission to its last byte: waits for a slot, then sends the whole answer after
 * TTFT + (n−1)·ITL, or streams it token by token: the first token TTFT after the request started
 * running (its arrival, unless it waited for a slot), each next one ITL after the previous. The slot
 * is held until the response ends, right after the last token; a client that goes away frees it at once.
 * What goes out, and how, is `output`'s business.
 */
export class CompletionRun {
  private readonly ticket: Ticket;
  private readonly events: number;
  /** Prompt tokens of all the request's prompts. */
  private readonly promptTokens: number;
  /** This completion's fields of its request's log line, filled in as it runs. */
  readonly log: CompletionLogFields;
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private emitted = 0;
  private lastEmitAt = 0;
  private ended = false;
  private runningSince = 0;
  /** When the first token went out (performance.now() ms); 0 until then. */
  private firstTokenAt = 0;
  private readonly nextStep = () => {
    try {
      this.streamStep();
    } catch (error) {
      this.fail(error);
    }
  };
  /** Every frame of the stream has been written; only ending the response is left. */
  private sentAll = false;
  private readonly finishStream = () => {
    try {
      this.output.endStream();
      this.end(true);
    } catch (error) {
      this.fail(error);
    }
  };

  constructor(
    private readonly state: SimulatorState,
    private readonly output: CompletionOutput,
    private readonly request: CompletionRequest,
    /** The model name the response carries, and the LoRA adapter (undefined for the base model). */
    model: string,
    lora: string | undefined,
    /** Every choice's answer, and the prompts' token counts. */
    private readonly set: ChoiceSet,
    /** When the request arrived (performance.now() ms): TTFT and e2e are measured from here. */
    private readonly arrivedAt: number,
    /** The request's id (the KV cache's key for its blocks). */
    private readonly requestId: string,
  ) {
    this.ticket = new Ticket(lora, () => this.onStart());
    this.promptTokens = set.totalPromptTokens;
    this.events = set.events;
    this.log = {
      model,
      prompt_tokens: set.totalPromptTokens,
      completion_tokens: set.totalCompletionTokens,
    };
  }

  /** Admits the request; answers 429 when the waiting queue is full. */
  begin(): void {
    this.output.onClose(() => this.onClose());
    const admission = this.state.scheduler.submit(this.ticket);
    if (admission === "rejected") {
      this.ended = true;
      this.log.completion_tokens = 0;
      // The reference's text (pkg/llm-d-inference-sim/simulator.go @ main, enqueue); its tests match on it.
      this.output.refuseBusy("waiting requests queue is full");
    }
  }

  private onStart(): void {
    const state = this.state;
    // A request that got its slot at once has been running since it arrived (its parsing is part of
    // its prefill); one that waited starts when a slot frees.
    const startedAt = this.ticket.waited ? this.ticket.startedAt : this.arrivedAt;
    this.runningSince = startedAt;
    this.log.queued_ms = Math.round(startedAt - this.arrivedAt);
    state.metrics.queued((startedAt - this.arrivedAt) / 1000);
    let cachedTokens = 0;
    if (state.kvCache) {
      // As the reference's worker (pkg/llm-d-inference-sim/request.go @ main, kvCacheOnRequestStart): the
      // prompt's blocks are taken when the request starts running. The reference answers a full cache with a
      // 500; here 429 (no room now) or 400 (never fits, or the id is running already): see BlockCacheError.
      try {
        const prompts =
          this.request.prompts.length > 0 ? this.request.prompts : [{ text: this.request.promptText }];
        const stats = state.kvCache.onRequestStart(this.requestId, prompts);
        cachedTokens = stats.cachedTokens;
        state.metrics.prefixCache(stats);
      } catch (error) {
        if (!(error instanceof BlockCacheError)) throw error;
        state.logger.warn({ err: error, model: this.log.model }, "KV cache refused the request");
        this.log.completion_tokens = 0;
        this.output.refuse(error.status, error.message);
        this.ended = true;
        state.scheduler.finish(this.ticket);
        return;
      }
    }
    this.ticket.cachedTokens = this.promptTokens;
    const running = state.scheduler.running;
    this.due =
      startedAt +
      state.latency.timeToFirstToken(this.promptTokens, this.request.doRemotePrefill, running, cachedTokens);
    if (!this.request.stream) {
      // The inter-token gaps are drawn now (each with its own jitter); with no ITL they are all 0.
      // The choices are decoded side by side: the longest one sets the time.
      const count = Math.max(0, this.set.longestChoiceTokens - 1);
      const gaps = state.latency.hasInterTokenLatency() ? new Float64Array(count) : undefined;
      for (let i = 0; gaps && i < count; i++) {
        gaps[i] = state.latency.interTokenLatency(running);
        this.due += gaps[i];
      }
      this.ticket.cachedTokens += this.set.totalCompletionTokens;
      this.schedule(() => {
        try {
          this.sendWhole(gaps, count);
        } catch (error) {
          this.fail(error);
        }
      });
    } else {
      this.schedule(this.nextStep);
    }
  }

  /**
   * A fault in this request's timers or callbacks (a bug, a write that throws): the output fails the
   * request (a 500 answer, or a cut stream once it has begun), one log line says why, the slot is freed,
   * and the server goes on.
   */
  private fail(error: unknown): void {
    this.state.logger.error({ err: error, model: this.log.model }, "request failed");
    this.output.fail();
    this.sentAll = false;
    this.end(false);
  }

  /** Runs `step` at `this.due` (at once when that has passed). */
  private schedule(step: () => void): void {
    // Whole milliseconds (the timer clock's resolution): same-length timers share one timer list.
    const delay = Math.round(this.due - performance.now());
    if (delay <= 0) step();
    else this.timer = setTimeout(step, delay);
  }

  private sendWhole(gaps: Float64Array | undefined, count: number): void {
    this.timer = undefined;
    if (this.ended) return;
    const metrics = this.state.metrics;
    let decoding = 0;
    if (gaps) {
      for (const gap of gaps) {
        decoding += gap;
        metrics.interToken(gap / 1000);
      }
    } else {
      metrics.interTokens(0, count);
    }
    this.firstTokenAt = performance.now() - decoding;
    metrics.firstToken(Math.max(0, this.firstTokenAt - this.arrivedAt) / 1000);
    this.output.sendWhole();
    this.end(true);
  }

  /**
   * Sends the next token, then waits ITL from now for the one after (a late timer delays the rest of
   * the stream instead of bunching tokens together). With zero ITL every token goes out at once.
   */
  private streamStep(): void {
    this.timer = undefined;
    if (this.ended) return;
    const state = this.state;
    const output = this.output;
    let out = "";
    for (;;) {
      const now = performance.now();
      if (this.emitted === 0) {
        this.firstTokenAt = now;
        state.metrics.firstToken((now - this.arrivedAt) / 1000);
        out += output.openingFrames();
      } else {
        state.metrics.interToken((now - this.lastEmitAt) / 1000);
      }
      if (this.emitted < this.events) out += output.tokenFrame(this.emitted);
      this.emitted++;
      this.lastEmitAt = now;
      if (this.emitted >= this.events) {
        out += output.closingFrames();
        this.ticket.cachedTokens = this.promptTokens + this.set.totalCompletionTokens;
        output.writeFrames(out);
        this.sentAll = true;
        // Ending the response (node:http's bookkeeping for a finished response, the log line, the
        // metrics) waits until the timers due now have run: streams that started together end
        // together, and ending each one in line would delay the others' last tokens by milliseconds.
        setImmediate(this.finishStream);
        return;
      }
      this.ticket.cachedTokens++;
      const gap = state.latency.interTokenLatency(state.scheduler.running);
      this.due = now + gap;
      if (Math.round(gap) > 0) break;
      // Tokens due at once go out in batches: never one unbounded string, and between batches the
      // event loop serves the others (and the output drains).
      if (out.length >= STREAM_BATCH_CHARS) {
        output.writeFrames(out);
        output.whenWritable(this.nextStep);
        return;
      }
    }
    output.writeFrames(out);
    this.schedule(this.nextStep);
  }

  /** Ends the run: `completed` when the whole answer went out, else it failed or its client left. */
  private end(completed: boolean): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const ran = this.ticket.state === "running";
    this.state.scheduler.finish(this.ticket);
    if (!ran) return;
    this.state.kvCache?.onRequestEnd(this.requestId);
    const now = performance.now();
    const set = this.set;
    // Tokens that went out: all of them, or for a stream cut short those streamed so far.
    const sent = completed ? Infinity : this.request.stream ? Math.min(this.emitted, this.events) : 0;
    const firstTokenAt = this.firstTokenAt || now;
    let generatedTotal = 0;
    // One outcome per prompt (vLLM serves each prompt of a list as its own request), its n choices
    // together (`vllm:max_num_generation_tokens` is the longest of them, the finish reason its first's).
    for (let prompt = 0; prompt < set.promptTokens.length; prompt++) {
      let generated = 0;
      let longest = 0;
      for (let i = prompt * set.n; i < (prompt + 1) * set.n; i++) {
        const answer = set.answers[i];
        const tokens =
          sent === Infinity ? answer.completionTokens : Math.min(sent, streamedTokenCount(answer));
        generated += tokens;
        longest = Math.max(longest, tokens);
      }
      generatedTotal += generated;
      this.state.metrics.finished({
        promptTokens: set.promptTokens[prompt],
        generationTokens: generated,
        maxChoiceTokens: longest,
        maxTokens: this.request.maxTokens,
        finishReason: this.finishReasonOf(prompt, completed),
        e2eSeconds: (now - this.arrivedAt) / 1000,
        queueSeconds: (this.runningSince - this.arrivedAt) / 1000,
        prefillSeconds: Math.max(0, firstTokenAt - this.runningSince) / 1000,
        decodeSeconds: Math.max(0, now - firstTokenAt) / 1000,
      });
    }
    const finishReason = this.finishReasonOf(0, completed);
    if (finishReason === undefined) this.log.completion_tokens = generatedTotal;
    else this.log.finish_reason = finishReason;
  }

  /** Why prompt `prompt`'s first choice finished; undefined when the run did not complete. */
  private finishReasonOf(prompt: number, completed: boolean): FinishReason | undefined {
    if (!completed) return undefined;
    return this.request.doRemoteDecode ? "remote_decode" : this.set.answers[prompt * this.set.n].finishReason;
  }

  /** The response is over: finished normally, or the client went away (then the slot is freed now). */
  private onClose(): void {
    if (!this.ended) this.end(this.sentAll);
  }
}
