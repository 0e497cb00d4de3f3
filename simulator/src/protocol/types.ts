/** Requests after validation, and the shapes of the JSON the simulator answers with. */

/** A function the model may call (`tools[]` of a chat request). */
export interface ToolDefinition {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters?: Record<string, unknown>;
  };
}

/** `tool_choice`: a mode, or one named function. */
export type ToolChoice =
  "none" | "auto" | "required" | { readonly type: "function"; readonly function: { readonly name: string } };

/** One prompt of a text completion: text, or token ids (then `text` is ""). */
export interface PromptInput {
  readonly text: string;
  readonly tokenIds?: readonly number[];
}

/** A validated `/v1/chat/completions` or `/v1/completions` request. */
export interface CompletionRequest {
  readonly kind: "chat" | "text";
  /** The model asked for; undefined means the base model. */
  readonly model: string | undefined;
  /** The text the prompt is counted from (for chat: every message's text, joined by spaces). */
  readonly promptText: string;
  /** What echo mode answers: the last user message, or the prompt. */
  readonly echoText: string;
  /** A text completion's prompts (one or more; `promptText` is the first one's text); empty for chat. */
  readonly prompts: readonly PromptInput[];
  /** Choices per prompt (`n`, at least 1). */
  readonly n: number;
  /**
   * Logprobs asked for: undefined for none; else how many top alternatives per token (chat: `logprobs:
   * true` with `top_logprobs`, 0 when absent; text: the `logprobs` integer).
   */
  readonly logprobs: number | undefined;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  /** `max_completion_tokens`, else `max_tokens`. */
  readonly maxTokens: number | undefined;
  /** Which field `maxTokens` came from, for error messages. */
  readonly maxTokensField: "max_completion_tokens" | "max_tokens";
  readonly ignoreEos: boolean;
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice: ToolChoice;
  /** Per-request seed: the same seed gives the same answer. */
  readonly seed: number | undefined;
  /** Prefill/decode disaggregation: the KV cache comes from another pod (TTFT = transfer time). */
  readonly doRemotePrefill: boolean;
  /** Prefill/decode disaggregation: this pod prefills only (`finish_reason: "remote_decode"`). */
  readonly doRemoteDecode?: boolean;
}

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** One token of a chat choice's `logprobs.content`, and of its `top_logprobs`. */
export interface ChatTokenLogprobJson {
  readonly token: string;
  readonly logprob: number;
  readonly bytes: readonly number[];
  readonly top_logprobs?: readonly ChatTokenLogprobJson[];
}

/** A text choice's `logprobs` (the legacy completions shape). */
export interface TextLogprobsJson {
  readonly text_offset: readonly number[];
  readonly token_logprobs: readonly number[];
  readonly tokens: readonly string[];
  readonly top_logprobs: readonly Record<string, number>[];
}

export interface ToolCallJson {
  readonly index?: number;
  readonly id: string;
  readonly type: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ChatCompletionJson {
  readonly id: string;
  readonly object: "chat.completion";
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: number;
    readonly message: {
      readonly role: "assistant";
      readonly content: string | null;
      readonly tool_calls?: readonly ToolCallJson[];
    };
    readonly logprobs: { readonly content: readonly ChatTokenLogprobJson[] } | null;
    readonly finish_reason: string;
  }[];
  readonly usage: Usage;
}

export interface TextCompletionJson {
  readonly id: string;
  readonly object: "text_completion";
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: number;
    readonly text: string;
    readonly logprobs: TextLogprobsJson | null;
    readonly finish_reason: string;
  }[];
  readonly usage: Usage;
}

export interface ModelCard {
  readonly id: string;
  readonly object: "model";
  readonly created: number;
  readonly owned_by: "vllm";
  readonly root: string;
  readonly parent: string | null;
  readonly max_model_len: number;
}
