import { badRequest } from "./errors";
import {
  isJsonObject,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requireObject,
  type JsonObject,
} from "./fields";
import { lastUserText, promptOf, readMessages } from "./messages";
import { readPrompts } from "./prompts";
import { checkSamplingFields } from "./sampling-fields";
import { readToolChoice, readTools, type ToolSchemaPolicy } from "./tools";
import type { CompletionRequest, PromptInput } from "./types";

/** A chat request's `prompts` (it has messages instead). */
const NO_PROMPTS: readonly PromptInput[] = Object.freeze([]);

/** The request body must be a JSON object; arrays, strings and numbers are 400s. */
export function requireBody(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw badRequest("the request body must be a JSON object");
  return body;
}

function readMaxTokens(body: JsonObject): Pick<CompletionRequest, "maxTokens" | "maxTokensField"> {
  const maxCompletionTokens = optionalInteger(body, "max_completion_tokens");
  const maxTokens = optionalInteger(body, "max_tokens");
  const field = maxCompletionTokens !== undefined ? "max_completion_tokens" : "max_tokens";
  const value = maxCompletionTokens ?? maxTokens;
  // The reference's text, which its tests match (pkg/llm-d-inference-sim/server.go @ v0.5.1).
  if (value !== undefined && value < 1)
    throw badRequest("Max completion tokens and max tokens should be positive", field);
  return { maxTokens: value, maxTokensField: field };
}

function readStreaming(body: JsonObject): Pick<CompletionRequest, "stream" | "includeUsage"> {
  const stream = optionalBoolean(body, "stream") ?? false;
  const options = body.stream_options;
  let includeUsage = false;
  if (options !== undefined && options !== null) {
    const object = requireObject(options, "stream_options");
    includeUsage = optionalBoolean(object, "include_usage", "stream_options.include_usage") ?? false;
  }
  return { stream, includeUsage };
}

function readCommon(body: JsonObject, kind: "chat" | "text") {
  const n = checkSamplingFields(body, kind);
  const model = optionalString(body, "model");
  const ignoreEos = optionalBoolean(body, "ignore_eos") ?? false;
  const { maxTokens, maxTokensField } = readMaxTokens(body);
  if (ignoreEos && maxTokens === undefined) {
    throw badRequest("Ignore_eos is true but max_completion_tokens (or max_tokens) is not set", "ignore_eos");
  }
  const seed = optionalInteger(body, "seed");
  // Checked by checkSamplingFields: top_logprobs / logprobs in 0..20.
  const logprobs =
    kind === "chat"
      ? body.logprobs === true
        ? (optionalInteger(body, "top_logprobs") ?? 0)
        : undefined
      : optionalInteger(body, "logprobs");
  return {
    n,
    logprobs,
    model: model === "" ? undefined : model,
    ignoreEos,
    maxTokens,
    maxTokensField,
    seed,
    doRemotePrefill: optionalBoolean(body, "do_remote_prefill") ?? false,
    ...readStreaming(body),
  };
}

/** Validates a `/v1/chat/completions` body. */
export function readChatRequest(value: unknown, toolSchemas: ToolSchemaPolicy): CompletionRequest {
  const body = requireBody(value);
  const common = readCommon(body, "chat");
  const messages = readMessages(body.messages);
  const tools = readTools(body.tools, toolSchemas);
  const toolChoice = readToolChoice(body.tool_choice, tools);
  return {
    kind: "chat",
    ...common,
    promptText: promptOf(messages),
    echoText: lastUserText(messages),
    prompts: NO_PROMPTS,
    tools,
    toolChoice,
  };
}

/** A `/tokenize` prompt: a string, or an array holding exactly one string. */
export function readPrompt(body: JsonObject): string {
  const prompt = body.prompt;
  if (typeof prompt === "string") return prompt;
  if (prompt === undefined || prompt === null) throw badRequest("'prompt' is required", "prompt");
  const list = optionalArray(body, "prompt");
  if (list && list.length === 1 && typeof list[0] === "string") return list[0];
  throw badRequest("'prompt' must be a string (or an array of exactly one string)", "prompt");
}

/** Validates a `/v1/completions` body. */
export function readTextRequest(value: unknown): CompletionRequest {
  const body = requireBody(value);
  const common = readCommon(body, "text");
  const prompts = readPrompts(body);
  return {
    kind: "text",
    ...common,
    promptText: prompts[0].text,
    echoText: prompts[0].text,
    prompts,
    tools: [],
    toolChoice: "none",
  };
}
