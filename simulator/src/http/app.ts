import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { arrivalTime } from "./arrival";
import { jsonBody, bodyTooLargeMessage } from "./json-body";
import { ApiError, errorBody } from "../protocol/errors";
import { sendJson } from "../protocol/send";
import { completionRoutes } from "../routes/completion-routes";
import { embeddingRoutes } from "../routes/embedding-routes";
import { healthRoutes } from "../routes/health-routes";
import { loraRoutes } from "../routes/lora-routes";
import { metricsRoutes } from "../routes/metrics-routes";
import { modelRoutes } from "../routes/model-routes";
import { sleepRoutes } from "../routes/sleep-routes";
import { tokenizeRoutes } from "../routes/tokenize-routes";
import type { CompletionLogFields } from "../scheduling/completion-run";
import type { SimulatorState } from "../engine/state";

/** Paths probed often (health checks, scrapes): logged at debug level only. */
const QUIET_PATHS = new Set(["/health", "/ready", "/health/ready", "/metrics"]);

/** Response headers every answer carries, and one log line per request when it closes. */
function requestContext(state: SimulatorState): RequestHandler {
  const { podName, podNamespace, enableRequestIdHeaders } = state.config;
  return (req, res, next) => {
    const startedAt = arrivalTime(req);
    if (podName) {
      res.setHeader("x-inference-pod", podName);
      // The reference (main, pkg/communication/http.go) sends the port beside the pod name.
      res.setHeader("x-inference-port", String(state.listenPort));
    }
    if (podNamespace) res.setHeader("x-inference-namespace", podNamespace);
    if (enableRequestIdHeaders) {
      const incoming = req.headers["x-request-id"];
      res.setHeader(
        "x-request-id",
        typeof incoming === "string" && incoming !== "" ? incoming : randomUUID(),
      );
    }
    if (state.draining) res.setHeader("connection", "close");
    res.on("close", () => {
      const completion = (res.locals as { completion?: CompletionLogFields }).completion;
      const line = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        duration_ms: Math.round((performance.now() - startedAt) * 10) / 10,
        ...(completion ?? {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (QUIET_PATHS.has(req.path)) state.logger.debug(line, "request");
      else state.logger.info(line, "request");
    });
    next();
  };
}

/** Maps body-parser's errors (malformed JSON, too large, bad encoding) to OpenAI-style 4xx answers. */
function toApiError(error: unknown, limitMb: number): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const type = (error as { type?: unknown }).type;
  const status = (error as { status?: unknown }).status;
  switch (type) {
    case "entity.parse.failed":
      return new ApiError(400, `Malformed JSON in the request body: ${(error as Error).message}`);
    case "entity.too.large":
      return new ApiError(413, bodyTooLargeMessage(limitMb));
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError(415, (error as Error).message);
    case "request.aborted":
    case "request.size.invalid":
      return new ApiError(400, (error as Error).message);
  }
  if (typeof status === "number" && status >= 400 && status < 500)
    return new ApiError(status, (error as Error).message);
  return undefined;
}

function errorHandler(state: SimulatorState): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    void _next;
    const apiError = toApiError(error, state.config.maxRequestBodySizeMb);
    if (!apiError) state.logger.error({ err: error, path: req.path }, "unexpected error");
    if (res.headersSent) {
      res.end();
      return;
    }
    if (apiError) sendJson(res, apiError.status, apiError.body());
    else sendJson(res, 500, errorBody(500, "Internal server error."));
  };
}

/** The simulator's Express application. */
export function createApp(state: SimulatorState): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestContext(state));
  // Any content type is read as JSON (curl -d sends form encoding), never past the size limit.
  app.use(jsonBody(state.config.maxRequestBodySizeMb));
  app.use(completionRoutes(state));
  app.use(modelRoutes(state));
  app.use(healthRoutes(state));
  app.use(metricsRoutes(state));
  app.use(tokenizeRoutes(state));
  app.use(loraRoutes(state));
  app.use(sleepRoutes(state));
  app.use(embeddingRoutes(state));
  app.use((req, res) => sendJson(res, 404, errorBody(404, `No route for ${req.method} ${req.path}.`)));
  app.use(errorHandler(state));
  return app;
}
