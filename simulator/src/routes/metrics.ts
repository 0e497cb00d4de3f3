import { Router } from "express";
import type { SimulatorState } from "../state";

/** `GET /metrics`: Prometheus text under vLLM's metric names. */
export function metricsRoutes(state: SimulatorState): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    const { contentType, body } = await state.metrics.render();
    res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  return router;
}
