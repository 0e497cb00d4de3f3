import type { ServerResponse } from "node:http";
import type { Answer } from "../generation/answer";
import type { ChoiceSet } from "../generation/choice-set";
import { REMOTE_DECODE_FIELDS } from "../protocol/disaggregation";
import { errorBody } from "../protocol/errors";
import { ResponseWriter } from "../protocol/responses";
import { sendJson } from "../protocol/send";
import { StreamBody } from "../protocol/stream-chunks";
import type { Usage } from "../protocol/types";
import type { CompletionOutput } from "../scheduling/completion-output";
import { ChoiceFrames, needsFinishFrame, pieceFrame } from "./choice-frames";

/** The headers of a streamed completion. */
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" } as const;

/**
 * One completion's HTTP response: a 429 error body, the whole answer as JSON, or a server-sent-event
 * stream (the chat role frame first, one frame per token, then the finish frame, the usage frame when
 * `stream_options.include_usage` asks for it, and `[DONE]`). Several choices, or logprobs, are streamed
 * by `ChoiceFrames`; one plain choice (the common case) directly.
 */
export class CompletionResponse implements CompletionOutput {
  private readonly usage: Usage;
  private readonly body: StreamBody;
  /** Undefined for one choice without logprobs. */
  private readonly frames: ChoiceFrames | undefined;
  private readonly answer: Answer;

  constructor(
    private readonly res: ServerResponse,
    private readonly writer: ResponseWriter,
    private readonly set: ChoiceSet,
    /** Whether a stream ends with the usage frame. */
    private readonly includeUsage: boolean,
    /** A prefill pod's answer (`do_remote_decode`, never streamed): finish_reason remote_decode. */
    private readonly remoteDecode = false,
    /** Top alternatives per token when the request asks for logprobs. */
    private readonly logprobs?: number,
  ) {
    this.body = new StreamBody(res, SSE_HEADERS);
    this.answer = set.answers[0];
    this.frames =
      set.answers.length > 1 || logprobs !== undefined ? new ChoiceFrames(writer, set, logprobs) : undefined;
    this.usage = {
      prompt_tokens: set.totalPromptTokens,
      completion_tokens: set.totalCompletionTokens,
      total_tokens: set.totalPromptTokens + set.totalCompletionTokens,
    };
  }

  onClose(listener: () => void): void {
    this.res.on("close", listener);
  }

  refuseBusy(message: string): void {
    sendJson(this.res, 429, errorBody(429, message));
  }

  refuse(status: number, message: string): void {
    sendJson(this.res, status, errorBody(status, message));
  }

  sendWhole(): void {
    const body = this.writer.complete(this.set.answers, this.usage, this.logprobs);
    if (!this.remoteDecode) {
      sendJson(this.res, 200, body);
      return;
    }
    const choices = body.choices.map((choice) => ({ ...choice, finish_reason: "remote_decode" }));
    sendJson(this.res, 200, { ...body, choices, ...REMOTE_DECODE_FIELDS });
  }

  openingFrames(): string {
    if (this.frames) return this.frames.opening();
    return this.writer.kind === "chat" ? this.writer.roleFrame() : "";
  }

  tokenFrame(index: number): string {
    const answer = this.answer;
    // The common case first: one choice of text, no logprobs.
    if (this.frames === undefined && answer.kind === "text")
      return this.writer.tokenFrame(answer.tokens[index]);
    return this.frames ? this.frames.step(index) : pieceFrame(this.writer, answer, index, 0);
  }

  closingFrames(): string {
    let out = this.frames
      ? this.frames.closing()
      : needsFinishFrame(this.answer)
        ? this.writer.finishFrame(this.answer.finishReason)
        : "";
    if (this.includeUsage) out += this.writer.usageFrame(this.usage);
    return out + ResponseWriter.DONE;
  }

  writeFrames(frames: string): void {
    this.body.write(frames);
  }

  endStream(): void {
    this.res.end();
  }

  whenWritable(listener: () => void): void {
    const socket = this.res.socket;
    if (socket?.writableNeedDrain) socket.once("drain", listener);
    else setImmediate(listener);
  }

  fail(): void {
    try {
      if (!this.res.headersSent) sendJson(this.res, 500, errorBody(500, "Internal server error."));
      else this.res.destroy();
    } catch {
      this.res.destroy();
    }
  }
}
