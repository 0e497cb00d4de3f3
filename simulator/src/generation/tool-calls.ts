import type { ToolChoice, ToolDefinition } from "../protocol/types";
import type { Rng } from "./rng";
import { generateArguments, type ToolArgumentSettings } from "./tool-arguments";
import { splitTokens } from "./tokenizer";

/** One generated tool call, with its arguments already split into the tokens a stream sends. */
export interface GeneratedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  readonly argumentTokens: readonly string[];
}

export interface GeneratedToolCalls {
  readonly calls: readonly GeneratedToolCall[];
  /** What `usage.completion_tokens` reports: the reference counts 3 tokens per call plus its arguments. */
  readonly completionTokens: number;
}

/**
 * Decides whether the answer is tool calls and makes them. `auto` may call none (then the answer is
 * text), `required` calls at least one, a named function calls exactly that one; each further call
 * happens with `extraCallPercent` probability, up to one call per tool.
 */
export function generateToolCalls(
  rng: Rng,
  tools: readonly ToolDefinition[],
  choice: ToolChoice,
  settings: ToolArgumentSettings & { readonly extraCallPercent: number },
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
  let completionTokens = 0;
  for (let i = 0; i < count; i++) {
    const tool = rng.pick(candidates);
    const args = JSON.stringify(generateArguments(rng, settings, tool.function.parameters));
    const argumentTokens = splitTokens(args);
    calls.push({
      id: `chatcmpl-tool-${rng.digits(10)}`,
      name: tool.function.name,
      arguments: args,
      argumentTokens,
    });
    completionTokens += 3 + argumentTokens.length;
  }
  return { calls, completionTokens };
}
