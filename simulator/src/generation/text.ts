import type { Rng } from "./rng";
import { SENTENCES } from "./sentences";
import { cutTokens } from "./token-budget";
import { splitTokens } from "./tokenizer";

/** Why generation stopped, as `finish_reason` reports it. */
export type FinishReason = "stop" | "length" | "tool_calls" | "remote_decode";

/** Generated text as the tokens it will be streamed in. */
export interface GeneratedText {
  readonly tokens: readonly string[];
  readonly finishReason: "stop" | "length";
}

const SENTENCE_TOKENS: readonly (readonly string[])[] = SENTENCES.map((sentence) => splitTokens(sentence));
/** The most UTF-8 bytes one random token can take (a space may be added between sentences). */
const MAX_RANDOM_TOKEN_BYTES =
  Math.max(...SENTENCE_TOKENS.flat().map((token) => Buffer.byteLength(token))) + 1;

/** Length drawn when the request sets no limit: around 40 tokens, between 1 and 128. */
const FREE_LENGTH = { mean: 40, stdDev: 20, max: 128 } as const;
/** With a limit and without ignore_eos, how often the answer runs to the limit. */
const FULL_LENGTH_PERCENT = 15;

/** Exactly `count` tokens of sentences drawn at random, sentences separated by one space. */
export function randomTokens(rng: Rng, count: number): string[] {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const sentence = rng.pick(SENTENCE_TOKENS);
    const take = Math.min(sentence.length, count - tokens.length);
    if (tokens.length > 0) {
      const last = tokens.length - 1;
      if (!/\s$/.test(tokens[last])) tokens[last] += " ";
    }
    for (let i = 0; i < take; i++) tokens.push(sentence[i]);
  }
  if (tokens.length > 0) tokens[tokens.length - 1] = tokens[tokens.length - 1].trimEnd();
  return tokens;
}

/** How many tokens a random answer has. */
export function randomLength(rng: Rng, maxTokens: number | undefined, ignoreEos: boolean): number {
  if (maxTokens === undefined) {
    for (;;) {
      const value = Math.round(rng.normal() * FREE_LENGTH.stdDev + FREE_LENGTH.mean);
      if (value >= 1 && value <= FREE_LENGTH.max) return value;
    }
  }
  if (ignoreEos || maxTokens <= 1) return maxTokens;
  if (rng.chance(FULL_LENGTH_PERCENT)) return maxTokens;
  return rng.int(1, maxTokens - 1);
}

/**
 * A random answer. `maxTokens` is the request's limit; `room` what the context window leaves after the
 * prompt (the answer never exceeds it, and hitting it is a `length` finish as in vLLM); `maxBytes` its
 * most UTF-8 bytes (measured only when the count could exceed it).
 */
export function randomText(
  rng: Rng,
  maxTokens: number | undefined,
  ignoreEos: boolean,
  room: number,
  maxBytes = Infinity,
): GeneratedText {
  const wanted = randomLength(rng, maxTokens, ignoreEos);
  const count = Math.max(0, Math.min(wanted, room));
  const hitLimit = (maxTokens !== undefined && count >= maxTokens) || count < wanted;
  if (count * MAX_RANDOM_TOKEN_BYTES > maxBytes) {
    // Every token has at least one byte: no more than maxBytes of them can fit.
    const tokens = randomTokens(rng, Math.min(count, maxBytes));
    const kept = cutTokens(tokens, count, maxBytes).tokens;
    if (kept.length < count) {
      if (kept.length > 0) kept[kept.length - 1] = kept[kept.length - 1].trimEnd();
      return { tokens: kept, finishReason: "length" };
    }
    return { tokens: kept, finishReason: hitLimit ? "length" : "stop" };
  }
  return { tokens: randomTokens(rng, count), finishReason: hitLimit ? "length" : "stop" };
}

/**
 * Echo: the given text (or its tokens), cut to `limit` tokens and `maxBytes` UTF-8 bytes (then
 * finish_reason `length`).
 */
export function echoText(
  text: string | readonly string[],
  limit: number | undefined,
  maxBytes = Infinity,
): GeneratedText {
  const tokens = typeof text === "string" ? splitTokens(text) : text;
  // Every token has at least one byte: no more than maxBytes of them can fit.
  const max = Math.min(limit ?? tokens.length, maxBytes);
  if (tokens.length <= max && maxBytes === Infinity) return { tokens, finishReason: "stop" };
  const head = tokens.length > max ? tokens.slice(0, Math.max(0, max)) : (tokens as string[]);
  const kept = cutTokens(head, max, maxBytes).tokens;
  if (kept.length === tokens.length) return { tokens, finishReason: "stop" };
  const cut = kept; // shorter than tokens, so a copy: the caller's array is never changed
  if (cut.length > 0) cut[cut.length - 1] = cut[cut.length - 1].trimEnd();
  return { tokens: cut, finishReason: "length" };
}
