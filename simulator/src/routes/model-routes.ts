import { Router } from "express";
import { sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/** `GET /v1/models`: the served names and the loaded LoRA adapters. */
export function modelRoutes(state: SimulatorState): Router {
  const router = Router();
  router.get("/v1/models", (_req, res) => sendJson(res, 200, { object: "list", data: state.models.cards() }));
  return router;
}
