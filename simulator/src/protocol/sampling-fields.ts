import { badRequest } from "./errors";
import {
  isJsonObject,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
  type JsonObject,
} from "./fields";

/**
 * The request fields the simulator does not act on (sampling, logprobs, stop strings, formats…), checked
 * for type and range as vLLM's OpenAI server checks them, so that a client that works against the
 * simulator does not get a 400 from vLLM, and the other way round. Each problem is a 400 naming the field
 * in `param`.
 *
 * Types: vLLM's request models (vllm-project/vllm, vllm/entrypoints/openai/protocol.py at 0052bed3,
 * `ChatCompletionRequest` and `CompletionRequest`; the same fields in
 * vllm/entrypoints/openai/chat_completion/protocol.py at d5dba2d7) and its `check_logprobs` validators.
 * Ranges: `SamplingParams._verify_args` and `_verify_num_sequences` (vllm/sampling_params.py at
 * 00388f65): penalties in [-2, 2], repetition_penalty > 0, temperature in [0, 2], top_p in (0, 1],
 * top_k ≥ -1, min_p in [0, 1], min_tokens ≥ 0, n in [1, 16384] (VLLM_MAX_N_SEQUENCES' default), no
 * empty stop string; seed within int64 (`Field(ge=torch.long min, le=torch.long max)`); logit_bias keys
 * must be integer token ids.
 *
 * Stricter than pydantic's lax mode on purpose: a JSON string where a number belongs ("0.5") is a 400
 * here, not coerced.
 */

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;
/** vLLM's VLLM_MAX_N_SEQUENCES default. */
const MAX_N = 16_384;
/** vLLM's `--max-logprobs` default: most alternatives per token. */
export const MAX_LOGPROBS = 20;
const RESPONSE_FORMATS = new Set(["text", "json_object", "json_schema", "structural_tag"]);

function numberIn(body: JsonObject, field: string, low: number, high: number, lowOpen = false): void {
  const value = optionalNumber(body, field);
  if (value === undefined) return;
  if (value < low || value > high || (lowOpen && value === low)) {
    throw badRequest(`'${field}' must be in ${lowOpen ? "(" : "["}${low}, ${high}], got ${value}`, field);
  }
}

function integerAtLeast(body: JsonObject, field: string, low: number): number | undefined {
  const value = optionalInteger(body, field);
  if (value !== undefined && value < low)
    throw badRequest(`'${field}' must be at least ${low}, got ${value}`, field);
  return value;
}

/**
 * `top_logprobs` (chat) or `logprobs` (text): vLLM's texts, from `check_logprobs` (negative) and the
 * engine's `max_logprobs` check (vllm/v1/engine/processor.py: `Requested sample logprobs of 21, which is
 * greater than max allowed: 20`, 20 being `--max-logprobs`' default).
 */
function logprobsCount(body: JsonObject, field: string): number | undefined {
  const value = optionalInteger(body, field);
  if (value === undefined) return undefined;
  if (value < 0) throw badRequest(`\`${field}\` must be a positive value.`, field);
  if (value > MAX_LOGPROBS)
    throw badRequest(
      `Requested sample logprobs of ${value}, which is greater than max allowed: ${MAX_LOGPROBS}`,
      field,
    );
  return value;
}

function readStop(body: JsonObject): void {
  const stop = body.stop;
  if (stop === undefined || stop === null) return;
  const list = typeof stop === "string" ? [stop] : optionalArray(body, "stop");
  if (!list) return;
  list.forEach((item, index) => {
    if (typeof item !== "string")
      throw badRequest("'stop' must be a string or an array of strings", `stop[${index}]`);
    if (item === "")
      throw badRequest(
        "'stop' cannot contain an empty string",
        typeof stop === "string" ? "stop" : `stop[${index}]`,
      );
  });
}

function readLogitBias(body: JsonObject): void {
  const bias = body.logit_bias;
  if (bias === undefined || bias === null) return;
  if (!isJsonObject(bias))
    throw badRequest("'logit_bias' must be an object of token id → bias", "logit_bias");
  for (const [token, value] of Object.entries(bias)) {
    if (!/^-?\d+$/.test(token.trim()))
      throw badRequest(`'logit_bias' keys must be integer token ids, got '${token}'`, "logit_bias");
    if (typeof value !== "number" || !Number.isFinite(value))
      throw badRequest(`'logit_bias.${token}' must be a number`, `logit_bias.${token}`);
  }
}

function readResponseFormat(body: JsonObject): void {
  const format = body.response_format;
  if (format === undefined || format === null) return;
  if (!isJsonObject(format)) throw badRequest("'response_format' must be an object", "response_format");
  if (typeof format.type !== "string" || !RESPONSE_FORMATS.has(format.type))
    throw badRequest(
      `'response_format.type' must be one of ${[...RESPONSE_FORMATS].join(", ")}`,
      "response_format.type",
    );
  if (format.type === "json_schema") {
    const schema = format.json_schema;
    if (schema !== undefined && schema !== null) {
      if (!isJsonObject(schema))
        throw badRequest("'response_format.json_schema' must be an object", "response_format.json_schema");
      if (typeof schema.name !== "string")
        throw badRequest(
          "'response_format.json_schema.name' must be a string",
          "response_format.json_schema.name",
        );
      if (schema.schema !== undefined && schema.schema !== null && !isJsonObject(schema.schema))
        throw badRequest(
          "'response_format.json_schema.schema' must be an object",
          "response_format.json_schema.schema",
        );
    }
  }
  if (format.type === "structural_tag") {
    if (!Array.isArray(format.structures) || !Array.isArray(format.triggers))
      throw badRequest(
        "'response_format' of type structural_tag needs 'structures' and 'triggers' arrays",
        "response_format",
      );
  }
}

/**
 * Checks the sampling and output fields of a chat (`kind` "chat") or text completion request; returns `n`
 * (1 when absent).
 */
export function checkSamplingFields(body: JsonObject, kind: "chat" | "text"): number {
  numberIn(body, "temperature", 0, 2);
  numberIn(body, "top_p", 0, 1, true);
  numberIn(body, "presence_penalty", -2, 2);
  numberIn(body, "frequency_penalty", -2, 2);
  const repetition = optionalNumber(body, "repetition_penalty");
  if (repetition !== undefined && repetition <= 0)
    throw badRequest(
      `'repetition_penalty' must be greater than zero, got ${repetition}`,
      "repetition_penalty",
    );
  integerAtLeast(body, "top_k", -1);
  numberIn(body, "min_p", 0, 1);
  integerAtLeast(body, "min_tokens", 0);
  const seed = optionalInteger(body, "seed");
  if (seed !== undefined && (seed < INT64_MIN || seed > INT64_MAX))
    throw badRequest(`'seed' must be a 64-bit integer, got ${seed}`, "seed");
  const n = integerAtLeast(body, "n", 1);
  if (n !== undefined && n > MAX_N) throw badRequest(`'n' must be at most ${MAX_N}, got ${n}`, "n");
  const bestOf = integerAtLeast(body, "best_of", 1);
  if (bestOf !== undefined && n !== undefined && bestOf < n)
    throw badRequest(`'best_of' must be at least 'n' (${n}), got ${bestOf}`, "best_of");
  readStop(body);
  readLogitBias(body);
  readResponseFormat(body);
  optionalString(body, "user");
  optionalBoolean(body, "echo");
  if (kind === "chat") {
    const logprobs = optionalBoolean(body, "logprobs") ?? false;
    const top = logprobsCount(body, "top_logprobs");
    if (top !== undefined && top > 0 && !logprobs)
      throw badRequest("when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs");
    optionalBoolean(body, "parallel_tool_calls");
  } else {
    logprobsCount(body, "logprobs");
    optionalString(body, "suffix");
  }
  return n ?? 1;
}
