import type { FakeLoraSeries, FakeMetrics } from "../config/simulator-config";
import { ConfigError } from "./errors";

/*
 * `--fake-metrics` as llm-d-inference-sim v0.5.1 reads it (pkg/common/config.go, `Metrics` and
 * `LorasMetrics`): JSON on the command line, `{"running-requests":10,"waiting-requests":30,
 * "kv-cache-usage":0.4,"loras":[{"running":"a,b","waiting":"c","timestamp":1257894567}]}`, or the same
 * keys as a YAML mapping in `--config` (where each `loras` entry may also be a JSON string, as the
 * reference's YAML form has it). Like Go's encoding/json, keys it does not know are ignored; missing
 * keys are 0 / empty.
 */

function fail(where: string, message: string): never {
  throw new ConfigError(`${where}: ${message}`);
}

function count(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    fail(where, `'${key}' must be an integer (got ${JSON.stringify(value)})`);
  // The reference's message (pkg/common/config.go, validate).
  if (value < 0) fail(where, "fake metrics request counters cannot be negative");
  return value;
}

function loraSeries(item: unknown, where: string): FakeLoraSeries {
  let entry = item;
  if (typeof entry === "string") {
    try {
      entry = JSON.parse(entry);
    } catch {
      fail(where, `'loras' entry is not JSON: ${item as string}`);
    }
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    fail(where, `'loras' entries must be objects with running, waiting and timestamp`);
  const { running, waiting, timestamp } = entry as Record<string, unknown>;
  const text = (value: unknown, key: string): string => {
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") fail(where, `'loras[].${key}' must be a string`);
    return value;
  };
  if (timestamp !== undefined && (typeof timestamp !== "number" || !Number.isFinite(timestamp)))
    fail(where, "'loras[].timestamp' must be a number");
  return { running: text(running, "running"), waiting: text(waiting, "waiting"), timestamp: timestamp ?? 0 };
}

/** Reads `--fake-metrics` (JSON text or a config-file mapping); `where` names the flag in errors. */
export function parseFakeMetrics(value: unknown, where: string): FakeMetrics {
  let parsed = value;
  if (typeof parsed === "string") {
    try {
      parsed = JSON.parse(parsed);
    } catch (error) {
      fail(where, `invalid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    fail(where, 'expected a JSON object such as {"running-requests":10}');
  const object = parsed as Record<string, unknown>;
  const kv = object["kv-cache-usage"] ?? 0;
  if (typeof kv !== "number" || !Number.isFinite(kv)) fail(where, "'kv-cache-usage' must be a number");
  if (kv < 0 || kv > 1) fail(where, "fake metrics KV cache usage must be between 0 and 1");
  const loras = object.loras ?? [];
  if (!Array.isArray(loras)) fail(where, "'loras' must be a list");
  return {
    runningRequests: count(object, "running-requests", where),
    waitingRequests: count(object, "waiting-requests", where),
    kvCacheUsage: kv,
    loras: loras.map((item) => loraSeries(item, where)),
  };
}
