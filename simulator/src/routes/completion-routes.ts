import { randomUUID } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { generateAnswer } from "../generation/answer";
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
  const promptTokens = countTokens(request.promptText);
  const maxModelLen = state.config.maxModelLen;
  if (promptTokens + (request.maxTokens ?? 0) > maxModelLen) {
    throw contextLengthError(maxModelLen, promptTokens, request.maxTokens ?? 0);
  }
  // Admission before generation: a request that would be refused for a full queue costs no generation.
  if (state.scheduler.wouldReject(model.lora)) {
    // The peer's text, as the scheduler's own refusal (CompletionRun) sends it.
    throw new ApiError(429, "waiting requests queue is full");
  }
  const rng = request.seed !== undefined ? Rng.fromSeed(request.seed, 0) : state.nextRequestRng();
  const answer = generateAnswer(state.config, request, promptTokens, rng);
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
    answer,
    promptTokens,
    request.includeUsage,
    doRemoteDecode,
  );
  const run = new CompletionRun(
    state,
    output,
    request,
    model.responseName,
    model.lora,
    promptTokens,
    answer,
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
