import { Router } from "express";
import { sendBody, sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/**
 * Sleep mode as the reference has it (pkg/communication/http.go @ main, HandleSleep / HandleWakeUp /
 * HandleIsSleeping): `POST /sleep` takes effect only with `--enable-sleep-mode` and
 * VLLM_SERVER_DEV_MODE=1, and answers 200 either way; `POST /wake_up` (any `tags`) wakes it;
 * `GET /is_sleeping` answers `{"is_sleeping": bool}`. Sleeping discards the KV cache; requests are
 * still served. `?tags=weights` wakes without restoring the KV cache, `?tags=kv_cache` or no tags
 * restores it.
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
    const tags = req.query.tags;
    state.wakeUp(tags === undefined || tags === "kv_cache");
    state.logger.info({ tags }, "wake-up request received");
    sendBody(res, 200, "text/plain; charset=utf-8", "");
  });
  router.get("/is_sleeping", (_req, res) => sendJson(res, 200, { is_sleeping: state.sleeping }));
  return router;
}
