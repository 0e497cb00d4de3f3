import type { SimulatorConfig } from "../config/simulator-config";
import type { CompletionRequest, PromptInput } from "../protocol/types";
import { type Answer, generateAnswer, streamedTokenCount } from "./answer";
import type { Rng } from "./rng";
import { countTokens, splitTokens } from "./tokenizer";

/**
 * Every choice of one completion request: `n` per prompt, choice `p·n + i` being the `i`-th of prompt
 * `p`, as vLLM numbers them (vllm/entrypoints/openai/completion/serving.py, `index=len(choices)` over
 * the prompts' outputs in order).
 */
export interface ChoiceSet {
  /** The answer of each choice, by choice index. */
  readonly answers: readonly Answer[];
  /** Each prompt's token count (a chat request has one prompt). */
  readonly promptTokens: readonly number[];
  /** Choices per prompt. */
  readonly n: number;
  /** Prompt tokens of all prompts, each counted once (vLLM's `usage.prompt_tokens`). */
  readonly totalPromptTokens: number;
  /** Completion tokens of all choices (vLLM's `usage.completion_tokens`). */
  readonly totalCompletionTokens: number;
  /** Completion tokens of the longest choice. */
  readonly longestChoiceTokens: number;
  /** Token events of the longest choice: the choices are streamed side by side, one step per event. */
  readonly events: number;
}

/** How many tokens a prompt counts for: its ids, or its text's tokens. */
export function promptTokenCount(prompt: PromptInput): number {
  return prompt.tokenIds ? prompt.tokenIds.length : countTokens(prompt.text);
}

/**
 * What echo mode answers for a token-id prompt: each id in decimal, with a comma after all but the last,
 * one token each, as the reference echoes ids (pkg/llm-d-inference-sim/text_completion.go @ main,
 * tokenizedPromptForEcho).
 */
export function echoOfTokenIds(ids: readonly number[]): string[] {
  return ids.map((id, index) => (index < ids.length - 1 ? `${id},` : String(id)));
}

/** The set of one answer (n = 1, one prompt): the common case, with no extra work. */
export function singleChoice(answer: Answer, promptTokens: number): ChoiceSet {
  return {
    answers: [answer],
    promptTokens: [promptTokens],
    n: 1,
    totalPromptTokens: promptTokens,
    totalCompletionTokens: answer.completionTokens,
    longestChoiceTokens: answer.completionTokens,
    events: streamedTokenCount(answer),
  };
}

/**
 * Generates `request.n` answers for each prompt, in choice order, from one generator (so a request's
 * `seed` fixes all of them, and they differ from each other). `--max-response-bytes` is shared: each
 * choice gets an equal part of it, so the whole response stays within it.
 */
export function generateChoices(
  config: SimulatorConfig,
  request: CompletionRequest,
  prompts: readonly PromptInput[],
  promptTokens: readonly number[],
  rng: Rng,
): ChoiceSet {
  const n = request.n;
  const bytes = Math.floor(config.maxResponseBytes / (prompts.length * n));
  const answers: Answer[] = [];
  let totalCompletionTokens = 0;
  let longestChoiceTokens = 0;
  let events = 0;
  prompts.forEach((prompt, index) => {
    // Split once for all n choices (in random mode, never: only echo reads it).
    const echo =
      config.mode !== "echo"
        ? undefined
        : prompt.tokenIds
          ? echoOfTokenIds(prompt.tokenIds)
          : splitTokens(request.kind === "chat" ? request.echoText : prompt.text);
    for (let i = 0; i < n; i++) {
      const answer = generateAnswer(config, request, promptTokens[index], rng, { echo, bytes });
      answers.push(answer);
      totalCompletionTokens += answer.completionTokens;
      longestChoiceTokens = Math.max(longestChoiceTokens, answer.completionTokens);
      events = Math.max(events, streamedTokenCount(answer));
    }
  });
  return {
    answers,
    promptTokens,
    n,
    totalPromptTokens: promptTokens.reduce((sum, count) => sum + count, 0),
    totalCompletionTokens,
    longestChoiceTokens,
    events,
  };
}
