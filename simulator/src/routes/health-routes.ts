import { Router } from "express";
import { errorBody } from "../protocol/errors";
import { sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/**
 * `GET /health` (liveness: 200 while the process serves) and `GET /ready` / `GET /health/ready`
 * (readiness: 503 during `--startup-duration` and once SIGTERM started draining).
 */
export function healthRoutes(state: SimulatorState): Router {
  const router = Router();
  router.get("/health", (_req, res) => sendJson(res, 200, {}));
  const ready = (_req: unknown, res: Parameters<typeof sendJson>[0]) => {
    if (state.ready()) sendJson(res, 200, {});
    else
      sendJson(
        res,
        503,
        errorBody(503, state.draining ? "The server is shutting down." : "The model is still loading."),
      );
  };
  router.get("/ready", ready);
  router.get("/health/ready", ready);
  return router;
}
