import { badRequest } from "./errors";
import type { JsonObject } from "./fields";

/** A validated `/v1/embeddings` body. */
export interface EmbeddingRequest {
  readonly model: string | undefined;
  /** Texts, or token-id sequences (exactly one of the two forms). */
  readonly inputs: readonly ({ readonly text: string } | { readonly tokenIds: readonly number[] })[];
  /** Undefined: `--default-embedding-dimensions`. */
  readonly dimensions: number | undefined;
  readonly encodingFormat: "float" | "base64";
}

// The reference's messages (pkg/communication/http.go @ main, HandleEmbeddings).
const INPUT_REQUIRED = "input is required and must be a non-empty string or array";

function tokenIds(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((id) => typeof id === "number" && Number.isSafeInteger(id))) return undefined;
  // Negative ids count as 0, as in the reference.
  return (value as number[]).map((id) => Math.max(0, id));
}

function readInputs(input: unknown): EmbeddingRequest["inputs"] {
  if (typeof input === "string") {
    if (input === "") throw badRequest("input cannot be an empty string", "input");
    return [{ text: input }];
  }
  if (!Array.isArray(input) || input.length === 0) throw badRequest(INPUT_REQUIRED, "input");
  if (input.every((item) => typeof item === "string")) {
    if (input.some((item) => item === "")) throw badRequest("input cannot be an empty string", "input");
    return (input as string[]).map((text) => ({ text }));
  }
  const single = tokenIds(input);
  if (single) return [{ tokenIds: single }];
  const lists = input.map(tokenIds);
  if (lists.every((list) => list !== undefined)) return lists.map((ids) => ({ tokenIds: ids! }));
  throw badRequest(
    `${INPUT_REQUIRED}: a string, a list of strings, a list of token ids, or a list of token-id lists`,
    "input",
  );
}

/** Validates a `/v1/embeddings` body (the OpenAI shape; input as text or token ids). */
export function readEmbeddingRequest(body: JsonObject): EmbeddingRequest {
  const model = body.model;
  if (model !== undefined && model !== null && typeof model !== "string")
    throw badRequest("'model' must be a string", "model");
  const dimensions = body.dimensions;
  if (dimensions !== undefined && dimensions !== null) {
    if (typeof dimensions !== "number" || !Number.isSafeInteger(dimensions))
      throw badRequest("'dimensions' must be an integer", "dimensions");
    if (dimensions < 1) throw badRequest("dimensions must be at least 1", "dimensions");
  }
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64")
    throw badRequest("'encoding_format' must be 'float' or 'base64'", "encoding_format");
  return {
    model: typeof model === "string" && model !== "" ? model : undefined,
    inputs: readInputs(body.input),
    dimensions: (dimensions as number | null | undefined) ?? undefined,
    encodingFormat: format,
  };
}
