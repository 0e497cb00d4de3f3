import { Router } from "express";
import { sendBody, sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/**
 * Sleep mode as the reference has it (pkg/communication/http.go @ main, HandleSleep / HandleWakeUp /
 * HandleIsSleeping): `POST /sleep` takes effect only with `--enable-sleep-mode` and
 * VLLM_SERVER_DEV_MODE=1, and answers 200 either way; `POST /wake_up` (any `tags`) wakes it;
 * `GET /is_sleeping` answers `{"is_sleeping": bool}`. Requests are still served while asleep. With
 * `--enable-kvcache`, sleeping discards the KV cache (an `AllBlocksCleared` event) and requests are not
 * cached until a wake-up with no tags or `tags=kv_cache`.
 */
export function sleepRoutes(state: SimulatorState): Router {
  const router = Router();
  router.post("/sleep", (_req, res) => {
    if (state.config.enableSleepMode && state.config.vllmDevMode) {
      state.sleep();
      state.logger.info("sleep request received: sleeping");
    } else {
      state.logger.info(
        "sleep request received, skipped: needs --enable-sleep-mode and VLLM_SERVER_DEV_MODE=1",
      );
    }
    sendBody(res, 200, "text/plain; charset=utf-8", "");
  });
  router.post("/wake_up", (req, res) => {
    // fasthttp's Peek, as the reference reads it, returns the first value of a repeated parameter.
    const raw: unknown = req.query.tags;
    const first: unknown = Array.isArray(raw) ? raw[0] : raw;
    state.wakeUp(first === undefined ? undefined : String(first));
    state.logger.info({ tags: req.query.tags }, "wake-up request received");
    sendBody(res, 200, "text/plain; charset=utf-8", "");
  });
  router.get("/is_sleeping", (_req, res) => sendJson(res, 200, { is_sleeping: state.sleeping }));
  return router;
}
