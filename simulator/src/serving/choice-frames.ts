import { type Answer, streamedTokenCount } from "../generation/answer";
import type { ChoiceSet } from "../generation/choice-set";
import { chatTokenLogprob, codePoints, textLogprobs } from "../protocol/logprobs-json";
import type { ResponseWriter } from "../protocol/responses";

/**
 * Streamed piece `step` of one answer as its frame: a text token, or a piece of a tool call's arguments
 * (every piece carries the call's index, id and type, the first its name, each call's last piece
 * `finish_reason: "tool_calls"`; a call cut by max tokens ends with a separate `length` finish frame).
 * `logprobs` is the frame's `logprobs` JSON for a text token.
 */
export function pieceFrame(
  writer: ResponseWriter,
  answer: Answer,
  step: number,
  choice: number,
  logprobs?: string,
): string {
  if (answer.kind === "text") {
    return choice === 0 && logprobs === undefined
      ? writer.tokenFrame(answer.tokens[step])
      : writer.choiceTokenFrame(choice, answer.tokens[step], logprobs ?? "null");
  }
  let offset = step;
  for (let call = 0; call < answer.calls.length; call++) {
    const tokens = answer.calls[call].argumentTokens;
    if (offset < tokens.length)
      return writer.toolCallFrame(
        call,
        answer.calls[call],
        tokens[offset],
        offset === 0,
        offset === tokens.length - 1 && answer.finishReason === "tool_calls",
        choice,
      );
    offset -= tokens.length;
  }
  return "";
}

/** Whether a streamed answer ends with a separate finish frame (whole tool calls carry theirs). */
export function needsFinishFrame(answer: Answer): boolean {
  return !(answer.kind === "tools" && answer.finishReason === "tool_calls");
}

/**
 * The stream frames of a set of choices (n > 1, several prompts, or logprobs asked for), streamed side
 * by side as vLLM streams them (vllm/entrypoints/openai/chat_completion/serving.py and
 * completion/serving.py, chat_completion_stream_generator / completion_stream_generator): every frame
 * carries its choice's `index`; chat streams open with a role frame per choice; at each step every
 * choice that still has a token sends it (with the logprobs of that token, when asked for); a choice's
 * finish frame follows its last token.
 */
export class ChoiceFrames {
  private readonly counts: number[];
  /** Characters each text choice has streamed so far (`text_offset` of its next token). */
  private readonly offsets: number[];

  constructor(
    private readonly writer: ResponseWriter,
    private readonly set: ChoiceSet,
    /** Top alternatives per token; undefined: no logprobs. */
    private readonly logprobs: number | undefined,
  ) {
    this.counts = set.answers.map(streamedTokenCount);
    this.offsets = set.answers.map(() => 0);
  }

  /** The chat role frame of each choice (nothing for text completions). */
  opening(): string {
    if (this.writer.kind !== "chat") return "";
    let out = "";
    for (let choice = 0; choice < this.set.answers.length; choice++) out += this.writer.roleFrame(choice);
    return out;
  }

  /** Every choice's token `step`, and the finish frames of the choices whose last token it is. */
  step(step: number): string {
    let out = "";
    this.set.answers.forEach((answer, choice) => {
      if (step >= this.counts[choice]) return;
      out += pieceFrame(this.writer, answer, step, choice, this.tokenLogprobs(answer, step, choice));
      if (step === this.counts[choice] - 1 && needsFinishFrame(answer))
        out += this.writer.finishFrame(answer.finishReason, choice);
    });
    return out;
  }

  /** The finish frames of choices that had no token at all. */
  closing(): string {
    let out = "";
    this.set.answers.forEach((answer, choice) => {
      if (this.counts[choice] === 0) out += this.writer.finishFrame(answer.finishReason, choice);
    });
    return out;
  }

  private tokenLogprobs(answer: Answer, step: number, choice: number): string | undefined {
    if (this.logprobs === undefined || answer.kind !== "text") return undefined;
    const token = answer.tokens[step];
    if (this.writer.kind === "chat")
      return JSON.stringify({ content: [chatTokenLogprob(token, step, this.logprobs)] });
    const offset = this.offsets[choice];
    this.offsets[choice] = offset + codePoints(token);
    return JSON.stringify(textLogprobs([token], this.logprobs, step, offset));
  }
}
