import type { SimulatorConfig } from "../config/simulator-config";
import type { CompletionRequest } from "../protocol/types";
import type { Rng } from "./rng";
import { echoText, randomText } from "./text";
import { generateToolCalls, type GeneratedToolCall } from "./tool-calls";

/** What a request will be answered with, decided before its first token. */
export type Answer =
  | {
      readonly kind: "text";
      readonly tokens: readonly string[];
      readonly finishReason: "stop" | "length";
      readonly completionTokens: number;
    }
  | {
      readonly kind: "tools";
      readonly calls: readonly GeneratedToolCall[];
      readonly finishReason: "tool_calls" | "length";
      readonly completionTokens: number;
    };

/** What one choice of a request answers from, when not the request's own text and budget. */
export interface ChoiceInput {
  /** What echo mode answers (text, or tokens as they go out); default the request's `echoText`. */
  readonly echo?: string | readonly string[];
  /** Most UTF-8 bytes of the answer's text; default `--max-response-bytes`. */
  readonly bytes?: number;
}

/** How many token events a stream of this answer sends (each after its own delay). */
export function streamedTokenCount(answer: Answer): number {
  if (answer.kind === "text") return answer.tokens.length;
  return answer.calls.reduce((sum, call) => sum + call.argumentTokens.length, 0);
}

/**
 * Generates the answer: tool calls when the request offers tools (and the draw says so), otherwise echo
 * or random text. The answer never exceeds the request's max tokens, what the context window leaves
 * after the prompt, nor `--max-response-bytes`; cut there, it finishes with `length`.
 */
export function generateAnswer(
  config: SimulatorConfig,
  request: CompletionRequest,
  promptTokens: number,
  rng: Rng,
  choice?: ChoiceInput,
): Answer {
  const bytes = choice?.bytes ?? config.maxResponseBytes;
  const room = Math.max(0, config.maxModelLen - promptTokens);
  const limit = Math.min(request.maxTokens ?? room, room);
  if (request.kind === "chat" && request.tools.length > 0) {
    const tools = generateToolCalls(
      rng,
      request.tools,
      request.toolChoice,
      {
        minInteger: config.minToolCallIntegerParam,
        maxInteger: config.maxToolCallIntegerParam,
        minNumber: config.minToolCallNumberParam,
        maxNumber: config.maxToolCallNumberParam,
        minArrayLength: config.minToolCallArrayParamLength,
        maxArrayLength: config.maxToolCallArrayParamLength,
        optionalParamPercent: config.toolCallNotRequiredParamProbability,
        optionalFieldPercent: config.objectToolCallNotRequiredFieldProbability,
        extraCallPercent: config.toolCallExtraCallProbability,
      },
      { tokens: limit, bytes },
    );
    if (tools) {
      return {
        kind: "tools",
        calls: tools.calls,
        finishReason: tools.finishReason,
        completionTokens: tools.completionTokens,
      };
    }
  }
  const text =
    config.mode === "echo"
      ? echoText(choice?.echo ?? request.echoText, limit, bytes)
      : randomText(rng, request.maxTokens, request.ignoreEos, room, bytes);
  return {
    kind: "text",
    tokens: text.tokens,
    finishReason: text.finishReason,
    completionTokens: text.tokens.length,
  };
}
