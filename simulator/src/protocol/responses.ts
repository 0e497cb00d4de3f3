import type { Answer } from "../generation/answer";
import { chatLogprobs, textLogprobs } from "./logprobs-json";
import type { ChatCompletionJson, TextCompletionJson, ToolCallJson, Usage } from "./types";

/** One choice of a non-streamed text completion. */
function textChoice(answer: Answer, index: number, logprobs: number | undefined) {
  const tokens = answer.kind === "text" ? answer.tokens : [];
  return {
    index,
    text: tokens.join(""),
    logprobs: logprobs === undefined ? null : textLogprobs(tokens, logprobs),
    finish_reason: answer.finishReason,
  };
}

/** One choice of a non-streamed chat completion (tool-call choices carry no logprobs). */
function chatChoice(answer: Answer, index: number, logprobs: number | undefined) {
  if (answer.kind === "text")
    return {
      index,
      message: { role: "assistant" as const, content: answer.tokens.join("") },
      logprobs: logprobs === undefined ? null : chatLogprobs(answer.tokens, logprobs),
      finish_reason: answer.finishReason,
    };
  const tool_calls = answer.calls.map((call): ToolCallJson => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    index,
    message: { role: "assistant" as const, content: null, tool_calls },
    logprobs: null,
    finish_reason: answer.finishReason,
  };
}

/** Builds the JSON bodies and server-sent-event frames of one completion (one id for all its chunks). */
export class ResponseWriter {
  /** `data: {"id":…,"object":…,"created":…,"model":…,"choices":[` — the start of every chunk frame. */
  private readonly frameHead: string;
  /** A token frame up to the token, and after it (the token goes in between). */
  private readonly tokenPrefix: string;
  private readonly tokenSuffix: string;

  constructor(
    readonly kind: "chat" | "text",
    readonly id: string,
    readonly model: string,
    readonly created: number,
  ) {
    const object = kind === "chat" ? "chat.completion.chunk" : "text_completion";
    this.frameHead = `data: {"id":${JSON.stringify(id)},"object":"${object}","created":${created},"model":${JSON.stringify(model)},"choices":[`;
    this.tokenPrefix = `${this.frameHead}{"index":0,${kind === "chat" ? `"delta":{"content":` : `"text":`}`;
    this.tokenSuffix = `${kind === "chat" ? "}" : ""},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  /**
   * The non-streamed answer: one choice per answer, by index; with `logprobs` (the top alternatives per
   * token), text answers carry their logprobs (tool calls do not, as the reference's
   * pkg/communication/response_builder.go @ main leaves them out).
   */
  complete(
    answers: readonly Answer[],
    usage: Usage,
    logprobs?: number,
  ): ChatCompletionJson | TextCompletionJson {
    const base = { id: this.id, created: this.created, model: this.model };
    if (this.kind === "text") {
      const choices: TextCompletionJson["choices"][number][] = [];
      for (let index = 0; index < answers.length; index++)
        choices.push(textChoice(answers[index], index, logprobs));
      return { ...base, object: "text_completion", choices, usage };
    }
    const choices: ChatCompletionJson["choices"][number][] = [];
    for (let index = 0; index < answers.length; index++)
      choices.push(chatChoice(answers[index], index, logprobs));
    return { ...base, object: "chat.completion", choices, usage };
  }

  private frame(choice: string): string {
    return `${this.frameHead}${choice}]}\n\n`;
  }

  /** The first chat frame of a choice: the assistant role, no content yet. */
  roleFrame(choice = 0): string {
    return this.frame(
      `{"index":${choice},"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}`,
    );
  }

  /** One token of text of choice 0, without logprobs (the common case, from prebuilt pieces). */
  tokenFrame(token: string): string {
    return this.tokenPrefix + JSON.stringify(token) + this.tokenSuffix;
  }

  /** One token of text of any choice, with its `logprobs` JSON (`null` when none were asked for). */
  choiceTokenFrame(choice: number, token: string, logprobs: string): string {
    const body =
      this.kind === "chat"
        ? `"delta":{"content":${JSON.stringify(token)}}`
        : `"text":${JSON.stringify(token)}`;
    return this.frame(`{"index":${choice},${body},"logprobs":${logprobs},"finish_reason":null}`);
  }

  /**
   * One piece of a tool call's arguments. Every piece carries the call's index, id and type (the first
   * also its name), and the last piece of each call `finish_reason: "tool_calls"`, with no separate
   * finish frame after it, as the reference streams them (pkg/llm-d-inference-sim/streaming.go @ v0.5.1,
   * sendTokenChunks; pkg/communication/http.go @ main, sendStreamedTools).
   */
  toolCallFrame(
    index: number,
    call: { id: string; name: string },
    token: string,
    first: boolean,
    last: boolean,
    choice = 0,
  ): string {
    const fn = first
      ? `{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(token)}}`
      : `{"arguments":${JSON.stringify(token)}}`;
    const head = `"index":${index},"id":${JSON.stringify(call.id)},"type":"function"`;
    const finish = last ? `"tool_calls"` : "null";
    return this.frame(
      `{"index":${choice},"delta":{"tool_calls":[{${head},"function":${fn}}]},"logprobs":null,"finish_reason":${finish}}`,
    );
  }

  /** The frame carrying a choice's `finish_reason`. */
  finishFrame(finishReason: string, choice = 0): string {
    const body = this.kind === "chat" ? `"delta":{}` : `"text":""`;
    return this.frame(
      `{"index":${choice},${body},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}`,
    );
  }

  /** The usage frame (`choices: []`), sent when `stream_options.include_usage` asks for it. */
  usageFrame(usage: Usage): string {
    return `${this.frameHead}],"usage":${JSON.stringify(usage)}}\n\n`;
  }

  static readonly DONE = "data: [DONE]\n\n";
}
