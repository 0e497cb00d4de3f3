import { Router } from "express";
import { sendBody } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/** `GET /metrics`: Prometheus text under vLLM's metric names. */
export function metricsRoutes(state: SimulatorState): Router {
  const router = Router();
  router.get("/metrics", (_req, res) => {
    const { contentType, body } = state.metrics.render();
    sendBody(res, 200, contentType, body);
  });
  return router;
}
