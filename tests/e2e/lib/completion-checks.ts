/**
 * What the suites send to a model and what they require of its answers (OpenAI chat completions as the
 * simulator and vLLM answer them). Pure: the checks return problems, one line each.
 */
import type { Observed } from "./observed";

/** A chat completion request for `model`. */
export function chatRequest(
  model: string,
  options: { readonly maxTokens: number; readonly ignoreEos?: boolean; readonly stream?: boolean },
): Record<string, unknown> {
  return {
    model,
    messages: [{ role: "user", content: "Tell me a story." }],
    max_tokens: options.maxTokens,
    ...(options.ignoreEos ? { ignore_eos: true } : {}),
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

interface Usage {
  readonly prompt_tokens?: unknown;
  readonly completion_tokens?: unknown;
  readonly total_tokens?: unknown;
}

/** Problems with a `usage` object: counts must be positive integers and total = prompt + completion. */
export function usageProblems(usage: Usage | undefined): string[] {
  if (!usage || typeof usage !== "object") return ["no usage"];
  const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = usage;
  const ints = [p, c, t].every((n) => Number.isInteger(n) && (n as number) >= 0);
  if (!ints) return [`usage has non-integer counts: ${JSON.stringify(usage)}`];
  const problems: string[] = [];
  if ((p as number) < 1) problems.push(`usage.prompt_tokens is ${String(p)}: the prompt was not counted`);
  if ((c as number) < 1) problems.push(`usage.completion_tokens is ${String(c)}`);
  if ((t as number) !== (p as number) + (c as number)) {
    problems.push(
      `usage.total_tokens ${String(t)} ≠ prompt_tokens ${String(p)} + completion_tokens ${String(c)}`,
    );
  }
  return problems;
}

interface ChatCompletion {
  readonly object?: unknown;
  readonly model?: unknown;
  readonly choices?: readonly { readonly message?: { readonly content?: unknown } }[];
  readonly usage?: Usage;
}

/** Problems with a non-streamed chat completion answered for `model`. */
export function chatCompletionProblems(json: unknown, model: string): string[] {
  const body = (json ?? {}) as ChatCompletion;
  const problems: string[] = [];
  if (body.object !== "chat.completion")
    problems.push(`object is ${JSON.stringify(body.object)}, not "chat.completion"`);
  if (body.model !== model)
    problems.push(`model is ${JSON.stringify(body.model)}, not ${JSON.stringify(model)}`);
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== "string" || content.trim() === "") problems.push("the first choice has no content");
  return [...problems, ...usageProblems(body.usage)];
}

/** The `data:` payloads of a server-sent event stream, in order. */
export function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((frame) =>
      frame
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n"),
    )
    .filter((d) => d !== "");
}

/** Problems with a streamed chat completion for `model` (asked with `include_usage`). */
export function chatStreamProblems(text: string, model: string): string[] {
  const data = sseData(text);
  if (data.length === 0) return ["the stream has no data frames"];
  const problems: string[] = [];
  if (data[data.length - 1] !== "[DONE]")
    problems.push(`the stream ends with ${JSON.stringify(data[data.length - 1]?.slice(0, 60))}, not [DONE]`);
  const chunks = data
    .filter((d) => d !== "[DONE]")
    .flatMap((d) => {
      try {
        return [JSON.parse(d) as ChatCompletion & { choices?: { delta?: { content?: unknown } }[] }];
      } catch {
        problems.push(`a frame is not JSON: ${d.slice(0, 60)}`);
        return [];
      }
    });
  if (chunks.some((c) => c.object !== "chat.completion.chunk"))
    problems.push("a chunk's object is not chat.completion.chunk");
  if (chunks.some((c) => c.model !== model)) problems.push(`a chunk's model is not ${JSON.stringify(model)}`);
  const content = chunks.map((c) => c.choices?.[0]?.delta?.content ?? "").join("");
  if (typeof content !== "string" || content.trim() === "") problems.push("the stream carried no content");
  const usage = chunks.find((c) => c.usage)?.usage;
  return [...problems, ...usageProblems(usage)];
}

/** The Observed of an answer: status, `usage.total_tokens` of a 2xx, and the start of the body. */
export function observe(status: number, json: unknown, text: string): Observed {
  const total = (json as { usage?: { total_tokens?: unknown } } | undefined)?.usage?.total_tokens;
  return {
    status,
    ...(status < 300 && typeof total === "number" ? { totalTokens: total } : {}),
    ...(status >= 300 ? { body: text.slice(0, 200) } : {}),
  };
}

/** The model ids a `/v1/models` answer lists. */
export function listedModels(json: unknown): string[] {
  const data = (json as { data?: { id?: unknown }[] } | undefined)?.data;
  return Array.isArray(data) ? data.flatMap((m) => (typeof m.id === "string" ? [m.id] : [])) : [];
}
