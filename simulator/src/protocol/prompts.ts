import { badRequest } from "./errors";
import type { JsonObject } from "./fields";
import type { PromptInput } from "./types";

/** Largest token id: the reference decodes ids into `uint32` (pkg/api/request.go @ main, Prompt). */
const MAX_TOKEN_ID = 2 ** 32 - 1;

const SHAPES = "a string, a list of strings, a list of token ids, or a list of token-id lists";

function tokenIds(list: readonly unknown[], param: string): PromptInput {
  // The reference's text (pkg/llm-d-inference-sim/text_completion.go @ main, ValidateBody).
  if (list.length === 0) throw badRequest("prompt must not contain an empty token-id array", param);
  list.forEach((id, index) => {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > MAX_TOKEN_ID)
      throw badRequest(
        `'${param}[${index}]' must be a token id: an integer from 0 to ${MAX_TOKEN_ID}`,
        `${param}[${index}]`,
      );
  });
  return { text: "", tokenIds: list as number[] };
}

/**
 * The prompts of a `/v1/completions` body, in vLLM's four shapes (vllm-project/vllm,
 * vllm/entrypoints/openai/completion/protocol.py at d5dba2d7, `CompletionRequest.prompt`): a string, a
 * list of strings, a list of token ids, or a list of token-id lists. Each list item is one prompt (one
 * choice per prompt and `n`). An empty list, an empty id list, mixed item types and ids that are not
 * integers in 0..2³²−1 are 400s naming the field.
 */
export function readPrompts(body: JsonObject): PromptInput[] {
  const prompt = body.prompt;
  if (typeof prompt === "string") return [{ text: prompt }];
  if (prompt === undefined || prompt === null) throw badRequest("'prompt' is required", "prompt");
  if (!Array.isArray(prompt)) throw badRequest(`'prompt' must be ${SHAPES}`, "prompt");
  // The reference's text (pkg/llm-d-inference-sim/text_completion.go @ main, ValidateBody).
  if (prompt.length === 0) throw badRequest("prompt array must contain at least one prompt", "prompt");
  const first = prompt[0];
  if (typeof first === "number") return [tokenIds(prompt, "prompt")];
  return prompt.map((item, index): PromptInput => {
    const param = `prompt[${index}]`;
    if (typeof first === "string") {
      if (typeof item !== "string")
        throw badRequest(`'${param}' must be a string, as the prompt's first item is`, param);
      return { text: item };
    }
    if (!Array.isArray(item)) throw badRequest(`'prompt' must be ${SHAPES}`, param);
    return tokenIds(item, param);
  });
}
