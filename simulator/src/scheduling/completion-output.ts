/**
 * What a completion run sends its client, as scheduling sees it: the run decides when each part goes
 * out; the serving side (`serving/completion-response.ts`) decides the status, headers and bytes.
 * Streamed parts come back as strings, so a run joins the tokens that fall due together into one write.
 */
export interface CompletionOutput {
  /** Calls `listener` once when the response is over: finished, or the client went away. */
  onClose(listener: () => void): void;
  /** Refuses the request: no slot and no room in the waiting queue. `message` says why. */
  refuseBusy(message: string): void;
  /** Refuses the request with an error status before anything was sent (a full KV cache: 500). */
  refuse(status: number, message: string): void;
  /** Sends the whole answer at once (a request that is not streamed). */
  sendWhole(): void;
  /** What a stream starts with, before its first token ("" when nothing). */
  openingFrames(): string;
  /** Streamed token `index` (0-based, below the answer's `streamedTokenCount`). */
  tokenFrame(index: number): string;
  /** What a stream ends with, after its last token. */
  closingFrames(): string;
  /** Writes stream parts (the first write also sends the status and headers). */
  writeFrames(frames: string): void;
  /** Ends a stream whose parts have all been written. */
  endStream(): void;
  /**
   * Calls `listener` once the output can take more: on the next turn of the event loop, or when what was
   * written has drained. Never synchronously.
   */
  whenWritable(listener: () => void): void;
  /** The request failed: a 500 answer when nothing was sent yet, else the stream is cut. Never throws. */
  fail(): void;
}
