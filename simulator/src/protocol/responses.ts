import type { Answer } from "../generation/answer";
import type { ChatCompletionJson, TextCompletionJson, ToolCallJson, Usage } from "./types";

/** Builds the JSON bodies and server-sent-event frames of one completion (one id for all its chunks). */
export class ResponseWriter {
  /** `data: {...chunk up to the delta/text}` of a token frame (the token goes between prefix and suffix). */
  private tokenPrefix = "";
  private tokenSuffix = "";

  constructor(
    readonly kind: "chat" | "text",
    readonly id: string,
    readonly model: string,
    readonly created: number,
  ) {}

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
    const object = this.kind === "chat" ? "chat.completion.chunk" : "text_completion";
    return `data: {"id":${JSON.stringify(this.id)},"object":"${object}","created":${this.created},"model":${JSON.stringify(this.model)},"choices":[${choice}]}\n\n`;
  }

  /** The first chat frame: the assistant role, no content yet. */
  roleFrame(): string {
    return this.frame(`{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}`);
  }

  /** One token of text. */
  tokenFrame(token: string): string {
    if (this.tokenPrefix === "") {
      const object = this.kind === "chat" ? "chat.completion.chunk" : "text_completion";
      const head = `{"id":${JSON.stringify(this.id)},"object":"${object}","created":${this.created},"model":${JSON.stringify(this.model)},"choices":[{"index":0,`;
      this.tokenPrefix = `data: ${head}${this.kind === "chat" ? `"delta":{"content":` : `"text":`}`;
      this.tokenSuffix = `${this.kind === "chat" ? "}" : ""},"logprobs":null,"finish_reason":null}]}\n\n`;
    }
    return this.tokenPrefix + JSON.stringify(token) + this.tokenSuffix;
  }

  /** One token of a tool call's arguments; the call's first frame also carries its id and name. */
  toolCallFrame(index: number, call: { id: string; name: string }, token: string, first: boolean): string {
    const fn = first
      ? `{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(token)}}`
      : `{"arguments":${JSON.stringify(token)}}`;
    const head = first
      ? `"index":${index},"id":${JSON.stringify(call.id)},"type":"function"`
      : `"index":${index}`;
    return this.frame(
      `{"index":0,"delta":{"tool_calls":[{${head},"function":${fn}}]},"logprobs":null,"finish_reason":null}`,
    );
  }

  /** The frame carrying `finish_reason`. */
  finishFrame(finishReason: string): string {
    const body = this.kind === "chat" ? `"delta":{}` : `"text":""`;
    return this.frame(`{"index":0,${body},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}`);
  }

  /** The usage frame (`choices: []`), sent when `stream_options.include_usage` asks for it. */
  usageFrame(usage: Usage): string {
    const object = this.kind === "chat" ? "chat.completion.chunk" : "text_completion";
    return `data: ${JSON.stringify({ id: this.id, object, created: this.created, model: this.model, choices: [], usage })}\n\n`;
  }

  static readonly DONE = "data: [DONE]\n\n";
}
