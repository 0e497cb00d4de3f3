import type { Answer } from "../generation/answer";
import type { ChatCompletionJson, TextCompletionJson, ToolCallJson, Usage } from "./types";

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

  /** The non-streamed answer. */
  complete(answer: Answer, usage: Usage): ChatCompletionJson | TextCompletionJson {
    const base = { id: this.id, created: this.created, model: this.model };
    if (this.kind === "text") {
      const text = answer.kind === "text" ? answer.tokens.join("") : "";
      return {
        ...base,
        object: "text_completion",
        choices: [{ index: 0, text, logprobs: null, finish_reason: answer.finishReason }],
        usage,
      };
    }
    const message =
      answer.kind === "text"
        ? { role: "assistant" as const, content: answer.tokens.join("") }
        : {
            role: "assistant" as const,
            content: null,
            tool_calls: answer.calls.map((call): ToolCallJson => ({
              id: call.id,
              type: "function",
              function: { name: call.name, arguments: call.arguments },
            })),
          };
    return {
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
      usage,
    };
  }

  private frame(choice: string): string {
    return `${this.frameHead}${choice}]}\n\n`;
  }

  /** The first chat frame: the assistant role, no content yet. */
  roleFrame(): string {
    return this.frame(`{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}`);
  }

  /** One token of text. */
  tokenFrame(token: string): string {
    return this.tokenPrefix + JSON.stringify(token) + this.tokenSuffix;
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
  ): string {
    const fn = first
      ? `{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(token)}}`
      : `{"arguments":${JSON.stringify(token)}}`;
    const head = `"index":${index},"id":${JSON.stringify(call.id)},"type":"function"`;
    const finish = last ? `"tool_calls"` : "null";
    return this.frame(
      `{"index":0,"delta":{"tool_calls":[{${head},"function":${fn}}]},"logprobs":null,"finish_reason":${finish}}`,
    );
  }

  /** The frame carrying `finish_reason`. */
  finishFrame(finishReason: string): string {
    const body = this.kind === "chat" ? `"delta":{}` : `"text":""`;
    return this.frame(`{"index":0,${body},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}`);
  }

  /** The usage frame (`choices: []`), sent when `stream_options.include_usage` asks for it. */
  usageFrame(usage: Usage): string {
    return `${this.frameHead}],"usage":${JSON.stringify(usage)}}\n\n`;
  }

  static readonly DONE = "data: [DONE]\n\n";
}
