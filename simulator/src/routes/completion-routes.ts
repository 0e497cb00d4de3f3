import { randomUUID } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { generateAnswer } from "../generation/answer";
import { generateChoices, promptTokenCount, singleChoice } from "../generation/choice-set";
import { Rng } from "../generation/rng";
import { countTokens } from "../generation/tokenizer";
import { readDisaggregation } from "../protocol/disaggregation";
import { ApiError, badRequest } from "../protocol/errors";
import type { JsonObject } from "../protocol/fields";
import { ResponseWriter } from "../protocol/responses";
import { readChatRequest, readTextRequest } from "../protocol/validate";
import type { ToolSchemaPolicy } from "../protocol/tools";
import type { CompletionRequest } from "../protocol/types";
import { type CompletionLogFields, CompletionRun } from "../scheduling/completion-run";
import { CompletionResponse } from "../serving/completion-response";
import type { SimulatorState } from "../engine/state";
import { arrivalTime } from "../http/arrival";

/** The reference's text, word for word (pkg/llm-d-inference-sim/server.go @ v0.5.1, validateRequest). */
function contextLengthError(maxModelLen: number, prompt: number, completion: number) {
  return badRequest(
    `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${prompt + completion} tokens (${prompt} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion`,
    "messages",
  );
}

/** What one logprobs entry counts for against `--max-response-bytes`. */
const LOGPROBS_ENTRY_BYTES = 16;

/** More choices (n × prompts) than `--max-choices` allows. */
function tooManyChoices(max: number, n: number, choices: number) {
  return badRequest(
    `This server returns at most ${max} choices per request (--max-choices); this request asks for ${choices} (n = ${n} for each prompt).`,
    "n",
  );
}

/**
 * Logprobs multiply an answer's size (up to 21 entries per token). A streamed answer is written frame by
 * frame, so only a whole one is bounded: its entries must stay within `--max-response-bytes` / 16 (so its
 * JSON stays within some tens of megabytes).
 */
function checkLogprobsBudget(config: SimulatorState["config"], top: number, tokens: number): void {
  const budget = Math.floor(config.maxResponseBytes / LOGPROBS_ENTRY_BYTES);
  const entries = tokens * (Math.max(top, 1) + 1);
  if (entries > budget) {
    throw badRequest(
      `The answer's logprobs would have ${entries} entries (${tokens} tokens, ${top} alternatives each); an answer that is not streamed has at most ${budget} (--max-response-bytes / ${LOGPROBS_ENTRY_BYTES}). Stream it, or lower n, max_tokens or the alternatives.`,
      "logprobs",
    );
  }
}

function toolSchemaPolicy(config: SimulatorState["config"]): ToolSchemaPolicy {
  return {
    validate: !config.skipToolValidation,
    limits: {
      nodes: config.maxToolSchemaNodes,
      depth: config.maxToolSchemaDepth,
      bytes: config.maxToolSchemaBytes,
    },
  };
}

function handle(state: SimulatorState, req: Request, res: Response, kind: "chat" | "text"): void {
  const arrivedAt = arrivalTime(req);
  const failure = state.injectedFailure();
  if (failure) throw failure;
  const validated: CompletionRequest =
    kind === "chat" ? readChatRequest(req.body, toolSchemaPolicy(state.config)) : readTextRequest(req.body);
  const { doRemoteDecode, doRemotePrefill } = readDisaggregation(req.body as JsonObject);
  const request: CompletionRequest =
    doRemoteDecode || doRemotePrefill ? { ...validated, doRemoteDecode, doRemotePrefill } : validated;
  const model = state.models.resolve(request.model);
  // The reference's text (pkg/llm-d-inference-sim/server.go @ v0.5.1, validateRequest).
  if (doRemoteDecode && request.stream) throw badRequest("Prefill does not support streaming");
  // A chat request has one prompt; a text completion one per item of its `prompt` list.
  const prompts = request.kind === "text" ? request.prompts : undefined;
  const choices = (prompts?.length ?? 1) * request.n;
  if (choices > state.config.maxChoices) throw tooManyChoices(state.config.maxChoices, request.n, choices);
  const promptTokens = prompts ? prompts.map(promptTokenCount) : [countTokens(request.promptText)];
  const maxModelLen = state.config.maxModelLen;
  for (const count of promptTokens) {
    if (count + (request.maxTokens ?? 0) > maxModelLen) {
      throw contextLengthError(maxModelLen, count, request.maxTokens ?? 0);
    }
  }
  // Admission before generation: a request that would be refused for a full queue costs no generation.
  if (state.scheduler.wouldReject(model.lora)) {
    // The peer's text, as the scheduler's own refusal (CompletionRun) sends it.
    throw new ApiError(429, "waiting requests queue is full");
  }
  const rng = request.seed !== undefined ? Rng.fromSeed(request.seed, 0) : state.nextRequestRng();
  const set =
    choices === 1 && !prompts?.[0].tokenIds
      ? singleChoice(generateAnswer(state.config, request, promptTokens[0], rng), promptTokens[0])
      : generateChoices(state.config, request, prompts ?? [{ text: request.promptText }], promptTokens, rng);
  if (request.logprobs !== undefined && !request.stream)
    checkLogprobsBudget(state.config, request.logprobs, set.totalCompletionTokens);
  // With --enable-request-id-headers the id is the request's X-Request-Id (or the one generated for the
  // response header), as the reference's getRequestID (pkg/communication/http.go @ main) makes it.
  const requestId = state.config.enableRequestIdHeaders
    ? String(res.getHeader("x-request-id"))
    : randomUUID().replaceAll("-", "");
  const id = `${kind === "chat" ? "chatcmpl" : "cmpl"}-${requestId}`;
  const writer = new ResponseWriter(kind, id, model.responseName, Math.floor(Date.now() / 1000));
  const output = new CompletionResponse(
    res,
    writer,
    set,
    request.includeUsage,
    doRemoteDecode,
    request.logprobs,
  );
  const run = new CompletionRun(
    state,
    output,
    request,
    model.responseName,
    model.lora,
    set,
    arrivedAt,
    requestId,
  );
  (res.locals as { completion?: CompletionLogFields }).completion = run.log;
  run.begin();
}

/** `POST /v1/chat/completions` and `POST /v1/completions`, streamed or not. */
export function completionRoutes(state: SimulatorState): Router {
  const router = Router();
  router.post("/v1/chat/completions", (req, res) => handle(state, req, res, "chat"));
  router.post("/v1/completions", (req, res) => handle(state, req, res, "text"));
  return router;
}
