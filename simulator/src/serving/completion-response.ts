import type { ServerResponse } from "node:http";
import type { Answer } from "../generation/answer";
import { REMOTE_DECODE_FIELDS } from "../protocol/disaggregation";
import { errorBody } from "../protocol/errors";
import { ResponseWriter } from "../protocol/responses";
import { sendJson } from "../protocol/send";
import { StreamBody } from "../protocol/stream-chunks";
import type { Usage } from "../protocol/types";
import type { CompletionOutput } from "../scheduling/completion-output";

/** The headers of a streamed completion. */
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" } as const;

/**
 * One completion's HTTP response: a 429 error body, the whole answer as JSON, or a server-sent-event
 * stream (the chat role frame first, one frame per token, then the finish frame, the usage frame when
 * `stream_options.include_usage` asks for it, and `[DONE]`).
 */
export class CompletionResponse implements CompletionOutput {
  private readonly usage: Usage;
  private readonly body: StreamBody;

  constructor(
    private readonly res: ServerResponse,
    private readonly writer: ResponseWriter,
    private readonly answer: Answer,
    promptTokens: number,
    /** Whether a stream ends with the usage frame. */
    private readonly includeUsage: boolean,
    /** A prefill pod's answer (`do_remote_decode`, never streamed): finish_reason remote_decode. */
    private readonly remoteDecode = false,
  ) {
    this.body = new StreamBody(res, SSE_HEADERS);
    this.usage = {
      prompt_tokens: promptTokens,
      completion_tokens: answer.completionTokens,
      total_tokens: promptTokens + answer.completionTokens,
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
    const body = this.writer.complete(this.answer, this.usage);
    if (!this.remoteDecode) {
      sendJson(this.res, 200, body);
      return;
    }
    const choices = body.choices.map((choice) => ({ ...choice, finish_reason: "remote_decode" }));
    sendJson(this.res, 200, { ...body, choices, ...REMOTE_DECODE_FIELDS });
  }

  openingFrames(): string {
    return this.writer.kind === "chat" ? this.writer.roleFrame() : "";
  }

  tokenFrame(index: number): string {
    const answer = this.answer;
    if (answer.kind === "text") return this.writer.tokenFrame(answer.tokens[index]);
    let offset = index;
    for (let call = 0; call < answer.calls.length; call++) {
      const tokens = answer.calls[call].argumentTokens;
      if (offset < tokens.length)
        return this.writer.toolCallFrame(
          call,
          answer.calls[call],
          tokens[offset],
          offset === 0,
          // A call cut by max_tokens ends with a separate `length` finish frame instead (closingFrames).
          offset === tokens.length - 1 && answer.finishReason === "tool_calls",
        );
      offset -= tokens.length;
    }
    return "";
  }

  closingFrames(): string {
    // Whole tool calls carry their finish_reason on each call's last piece; cut ones get a `length` frame.
    const finishInPieces = this.answer.kind === "tools" && this.answer.finishReason === "tool_calls";
    let out = finishInPieces ? "" : this.writer.finishFrame(this.answer.finishReason);
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
