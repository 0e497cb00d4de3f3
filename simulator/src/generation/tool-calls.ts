import type { ToolChoice, ToolDefinition } from "../protocol/types";
import type { Rng } from "./rng";
import { generateArguments, type ToolArgumentSettings } from "./tool-arguments";
import { cutTokens } from "./token-budget";
import { splitTokens } from "./tokenizer";

/** One generated tool call, with its arguments already split into the tokens a stream sends. */
export interface GeneratedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  /** The tokens a stream sends; never empty (a call cut to nothing sends one empty token: its name). */
  readonly argumentTokens: readonly string[];
}

export interface GeneratedToolCalls {
  readonly calls: readonly GeneratedToolCall[];
  /** What `usage.completion_tokens` reports: the reference counts 3 tokens per call plus its arguments. */
  readonly completionTokens: number;
  /** `length` when the calls were cut at the token or byte budget, else `tool_calls`. */
  readonly finishReason: "tool_calls" | "length";
}

/** Tokens the reference counts for each call besides its arguments (name, id, framing). */
const CALL_OVERHEAD_TOKENS = 3;

/** What the calls of one answer may cost. */
export interface ToolCallBudget {
  /** Tokens: the request's max tokens within what the context window leaves after the prompt. */
  readonly tokens: number;
  /** Bytes of arguments, all calls together (`--max-response-bytes`). */
  readonly bytes: number;
}

/**
 * Decides whether the answer is tool calls and makes them. `auto` may call none (then the answer is
 * text), `required` calls at least one, a named function calls exactly that one; each further call
 * happens with `extraCallPercent` probability, up to one call per tool.
 *
 * The calls never cost more than the budget: as a model cut off by `max_tokens` or the context window
 * would, the last call's arguments stop where the budget ends (no further calls), and the answer's
 * `finish_reason` is `length`. Generation itself stops shortly past the budget, so a recursive or huge
 * schema costs no more than a short one.
 */
export function generateToolCalls(
  rng: Rng,
  tools: readonly ToolDefinition[],
  choice: ToolChoice,
  settings: ToolArgumentSettings & { readonly extraCallPercent: number },
  budget: ToolCallBudget,
): GeneratedToolCalls | undefined {
  if (choice === "none" || tools.length === 0) return undefined;
  let candidates = tools;
  let count: number;
  if (typeof choice === "object") {
    candidates = tools.filter((tool) => tool.function.name === choice.function.name);
    count = 1;
  } else {
    count = choice === "required" ? 1 : 0;
    while (count < candidates.length && rng.chance(settings.extraCallPercent)) count++;
  }
  if (count === 0 || candidates.length === 0) return undefined;
  const calls: GeneratedToolCall[] = [];
  let tokensLeft = budget.tokens;
  let bytesLeft = budget.bytes;
  let completionTokens = 0;
  let cut = false;
  for (let i = 0; i < count && !cut; i++) {
    const tool = rng.pick(candidates);
    const id = `chatcmpl-tool-${rng.digits(10)}`;
    const room = Math.max(0, tokensLeft - CALL_OVERHEAD_TOKENS);
    const generated = generateArguments(rng, settings, tool.function.parameters, {
      values: room + 1,
      chars: bytesLeft + 1,
    });
    let args = JSON.stringify(generated.value);
    let argumentTokens = splitTokens(args);
    const kept = cutTokens(argumentTokens, room, bytesLeft);
    if (
      kept.tokens.length < argumentTokens.length ||
      generated.exhausted ||
      tokensLeft < CALL_OVERHEAD_TOKENS
    ) {
      cut = true;
      argumentTokens = kept.tokens;
      args = argumentTokens.join("");
    }
    const cost = Math.min(tokensLeft, CALL_OVERHEAD_TOKENS + argumentTokens.length);
    tokensLeft -= cost;
    bytesLeft -= kept.bytes;
    completionTokens += cost;
    calls.push({
      id,
      name: tool.function.name,
      arguments: args,
      argumentTokens: argumentTokens.length > 0 ? argumentTokens : [""],
    });
  }
  return { calls, completionTokens, finishReason: cut ? "length" : "tool_calls" };
}
