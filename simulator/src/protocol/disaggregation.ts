import { badRequest } from "./errors";
import { isJsonObject, type JsonObject } from "./fields";

/** Prefill/decode disaggregation flags of a completion request. */
export interface Disaggregation {
  /** This pod does the prefill only; another decodes (`finish_reason: "remote_decode"`). */
  readonly doRemoteDecode: boolean;
  /** The prefill was done elsewhere: TTFT is the KV-cache transfer time. */
  readonly doRemotePrefill: boolean;
}

function flag(object: JsonObject, key: string, where: string): boolean {
  const value = object[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw badRequest(`'${where}' must be a boolean`, where);
  return value;
}

/**
 * Reads `do_remote_decode` / `do_remote_prefill` where either line of the reference puts them: at the
 * top level (v0.5.1, pkg/openai-server-api/request.go) or under `kv_transfer_params` (main,
 * pkg/api/request.go, as vLLM's P/D connectors send them). Either place set means set.
 */
export function readDisaggregation(body: JsonObject): Disaggregation {
  let doRemoteDecode = flag(body, "do_remote_decode", "do_remote_decode");
  let doRemotePrefill = flag(body, "do_remote_prefill", "do_remote_prefill");
  const params = body.kv_transfer_params;
  if (params !== undefined && params !== null) {
    if (!isJsonObject(params))
      throw badRequest("'kv_transfer_params' must be an object", "kv_transfer_params");
    doRemoteDecode ||= flag(params, "do_remote_decode", "kv_transfer_params.do_remote_decode");
    doRemotePrefill ||= flag(params, "do_remote_prefill", "kv_transfer_params.do_remote_prefill");
  }
  return { doRemoteDecode, doRemotePrefill };
}

/**
 * The fields a prefill pod's answer carries: v0.5.1's top-level `remote_*` fields
 * (pkg/llm-d-inference-sim/simulator.go, createCompletionResponse) and main's `kv_transfer_params`
 * (pkg/api/response.go, BuildPrefillKVTransferParams); the reference hard-codes the same placeholders.
 */
export const REMOTE_DECODE_FIELDS = {
  do_remote_decode: true,
  do_remote_prefill: false,
  remote_block_ids: ["DUMMY_ID"],
  remote_engine_id: "DUMMY_ID",
  remote_host: "DUMMY",
  remote_port: 1234,
  kv_transfer_params: {
    do_remote_decode: false,
    do_remote_prefill: true,
    remote_engine_id: "DUMMY_ID",
    remote_block_ids: ["DUMMY_ID"],
    remote_host: "DUMMY",
    remote_port: 1234,
    tp_size: 1,
  },
} as const;
