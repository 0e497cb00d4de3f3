import { Router } from "express";
import { sendBody, sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/**
 * Sleep mode as the reference has it (pkg/communication/http.go @ main, HandleSleep / HandleWakeUp /
 * HandleIsSleeping): `POST /sleep` takes effect only with `--enable-sleep-mode` and
 * VLLM_SERVER_DEV_MODE=1, and answers 200 either way; `POST /wake_up` (any `tags`) wakes it;
 * `GET /is_sleeping` answers `{"is_sleeping": bool}`. Requests are still served while asleep. (The
 * reference also discards its block-level KV cache, which exists only with `--enable-kvcache`; this
 * simulator has none yet.)
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
    state.wakeUp();
    state.logger.info({ tags: req.query.tags }, "wake-up request received");
    sendBody(res, 200, "text/plain; charset=utf-8", "");
  });
  router.get("/is_sleeping", (_req, res) => sendJson(res, 200, { is_sleeping: state.sleeping }));
  return router;
}
