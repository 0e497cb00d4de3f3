import { alternativeToken, tokenLogprob } from "../generation/logprobs";
import type { ChatTokenLogprobJson, TextLogprobsJson } from "./types";

/*
 * The `logprobs` of a choice, shaped as vLLM's OpenAI server returns them (vllm-project/vllm,
 * vllm/entrypoints/openai/chat_completion/serving.py `_create_chat_logprobs` / `_get_top_logprobs`, and
 * vllm/entrypoints/openai/completion/serving.py `_create_completion_logprobs`), with the reference's
 * values (generation/logprobs.ts).
 */

const utf8Bytes = (token: string): number[] => [...Buffer.from(token, "utf8")];

/**
 * One entry of a chat choice's `logprobs.content`: the token at `position`, with exactly `top`
 * `top_logprobs` (the chosen token first, then its alternatives; `[]` for 0, as vLLM).
 */
export function chatTokenLogprob(token: string, position: number, top: number): ChatTokenLogprobJson {
  const logprob = tokenLogprob(position);
  const bytes = utf8Bytes(token);
  const tops: ChatTokenLogprobJson[] = [];
  for (let j = 0; j < top; j++) {
    const text = j === 0 ? token : alternativeToken(token, j);
    tops.push({ token: text, logprob: tokenLogprob(position, j), bytes: j === 0 ? bytes : utf8Bytes(text) });
  }
  return { token, logprob, bytes, top_logprobs: tops };
}

/** A chat choice's `logprobs`: one entry per token, positions from `first`. */
export function chatLogprobs(
  tokens: readonly string[],
  top: number,
  first = 0,
): { content: ChatTokenLogprobJson[] } {
  return { content: tokens.map((token, i) => chatTokenLogprob(token, first + i, top)) };
}

/**
 * A text choice's `logprobs` for `tokens` at positions from `first`: `text_offset` counts characters
 * (Unicode code points, as Python's `len`) from `offset`; each `top_logprobs` map holds the chosen token
 * and `count − 1` alternatives (at least the chosen token: vLLM returns `logprobs + 1` entries, the
 * sampled one included, which here is the most likely, so `max(count, 1)`).
 */
export function textLogprobs(
  tokens: readonly string[],
  count: number,
  first = 0,
  offset = 0,
): TextLogprobsJson {
  const entries = Math.max(count, 1);
  const textOffset: number[] = [];
  const tokenLogprobs: number[] = [];
  const tops: Record<string, number>[] = [];
  let at = offset;
  tokens.forEach((token, i) => {
    const position = first + i;
    textOffset.push(at);
    at += codePoints(token);
    tokenLogprobs.push(tokenLogprob(position));
    const top: Record<string, number> = {};
    for (let j = 0; j < entries; j++)
      top[j === 0 ? token : alternativeToken(token, j)] = tokenLogprob(position, j);
    tops.push(top);
  });
  return { text_offset: textOffset, token_logprobs: tokenLogprobs, tokens: [...tokens], top_logprobs: tops };
}

/** Unicode code points of `text` (Python's `len`): UTF-16 units, a surrogate pair counted once. */
export function codePoints(text: string): number {
  let count = text.length;
  for (let i = 1; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const previous = text.charCodeAt(i - 1);
    if (unit >= 0xdc00 && unit <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) count--;
  }
  return count;
}
