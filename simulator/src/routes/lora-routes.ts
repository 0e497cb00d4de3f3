import { type Response, Router } from "express";
import { badRequest } from "../protocol/errors";
import { optionalString } from "../protocol/fields";
import { sendBody } from "../protocol/send";
import { requireBody } from "../protocol/validate";
import type { SimulatorState } from "../engine/state";

const sendText = (res: Response, text: string) => sendBody(res, 200, "text/plain; charset=utf-8", text);

/** Longest `lora_path` accepted: Linux's PATH_MAX. */
const MAX_LORA_PATH = 4096;

function loraName(body: Record<string, unknown>, maxLength: number): string {
  const name = optionalString(body, "lora_name");
  if (!name) throw badRequest("'lora_name' is required", "lora_name");
  if (name.length > maxLength)
    throw badRequest(
      `'lora_name' is ${name.length} characters long; at most ${maxLength} are accepted (--max-lora-name-length)`,
      "lora_name",
    );
  return name;
}

/**
 * `POST /v1/load_lora_adapter` `{lora_name, lora_path}` and `POST /v1/unload_lora_adapter` `{lora_name}`:
 * adapters appear in and vanish from `/v1/models`. Both are idempotent as in the reference (its
 * pkg/llm-d-inference-sim/lora.go): loading a loaded adapter and unloading an unknown one answer 200.
 */
export function loraRoutes(state: SimulatorState): Router {
  const router = Router();
  router.post("/v1/load_lora_adapter", (req, res) => {
    const body = requireBody(req.body);
    const name = loraName(body, state.config.maxLoraNameLength);
    const path = optionalString(body, "lora_path") ?? "";
    if (path.length > MAX_LORA_PATH)
      throw badRequest(`'lora_path' is longer than ${MAX_LORA_PATH} characters`, "lora_path");
    state.models.load(name, path);
    state.logger.info({ lora: name, path }, "LoRA adapter loaded");
    sendText(res, `Success: LoRA adapter '${name}' added successfully.`);
  });
  router.post("/v1/unload_lora_adapter", (req, res) => {
    const body = requireBody(req.body);
    const name = loraName(body, state.config.maxLoraNameLength);
    const removed = state.models.unload(name);
    state.logger.info({ lora: name, removed }, "LoRA adapter unloaded");
    sendText(res, `Success: LoRA adapter '${name}' removed successfully.`);
  });
  return router;
}
