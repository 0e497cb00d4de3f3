import { badRequest } from "./errors";
import { isJsonObject, optionalString } from "./fields";

/** A chat message reduced to what the simulator needs: its role and its plain text. */
export interface PlainMessage {
  readonly role: string;
  readonly text: string;
}

const PART_TYPES = new Set(["text", "image_url", "input_audio", "video_url", "file", "refusal"]);

/** The text of a message's `content`: a string, or the `text` parts of an array joined by spaces. */
function contentText(content: unknown, param: string, role: string): string {
  if (content === undefined || content === null) {
    if (role === "assistant" || role === "tool") return "";
    throw badRequest(`'${param}' is required`, param);
  }
  if (typeof content === "string") return content;
  if (!Array.isArray(content))
    throw badRequest(`'${param}' must be a string or an array of content parts`, param);
  const texts: string[] = [];
  content.forEach((part, index) => {
    const partParam = `${param}[${index}]`;
    if (!isJsonObject(part)) throw badRequest(`'${partParam}' must be an object`, partParam);
    const type = part.type;
    if (typeof type !== "string" || !PART_TYPES.has(type)) {
      throw badRequest(
        `'${partParam}.type' must be one of ${[...PART_TYPES].join(", ")}`,
        `${partParam}.type`,
      );
    }
    if (type === "text" || type === "refusal") {
      const field = type === "text" ? "text" : "refusal";
      const text = part[field];
      if (typeof text !== "string")
        throw badRequest(`'${partParam}.${field}' must be a string`, `${partParam}.${field}`);
      texts.push(text);
    } else if (type === "image_url" && !isJsonObject(part.image_url)) {
      throw badRequest(`'${partParam}.image_url' must be an object`, `${partParam}.image_url`);
    }
  });
  return texts.join(" ");
}

/** Validates `messages` (non-empty array of `{role, content}`) and reduces each to plain text. */
export function readMessages(value: unknown, param = "messages"): PlainMessage[] {
  if (value === undefined || value === null) throw badRequest(`'${param}' is required`, param);
  if (!Array.isArray(value)) throw badRequest(`'${param}' must be an array`, param);
  if (value.length === 0) throw badRequest(`'${param}' must contain at least one message`, param);
  return value.map((message, index) => {
    const itemParam = `${param}[${index}]`;
    if (!isJsonObject(message)) throw badRequest(`'${itemParam}' must be an object`, itemParam);
    const role = optionalString(message, "role", `${itemParam}.role`);
    if (role === undefined || role === "")
      throw badRequest(`'${itemParam}.role' is required`, `${itemParam}.role`);
    return { role, text: contentText(message.content, `${itemParam}.content`, role) };
  });
}

/** The prompt as the reference counts it: every message's text, joined by spaces. */
export function promptOf(messages: readonly PlainMessage[]): string {
  return messages.map((message) => message.text).join(" ");
}

/** What echo mode answers in chat: the last user message (empty when there is none). */
export function lastUserText(messages: readonly PlainMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === "user") return messages[i].text;
  }
  return "";
}
