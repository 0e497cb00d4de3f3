/**
 * Test data shared by the e2e harness's unit tests: recorded response sequences, written compactly (`ok(40)`,
 * `s(429)`), the dev stack's tier limits, and model-a's output with its kubeconfig target.
 */
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import type { Observed } from "./observed";

/** A 200 whose usage.total_tokens is `tokens`. */
export const ok = (tokens: number): Observed => ({ status: 200, totalTokens: tokens });
/** A response with `status` and no usage. */
export const s = (status: number, body?: string): Observed => ({ status, ...(body ? { body } : {}) });
/** `n` copies of `o`. */
export const times = (n: number, o: Observed): Observed[] => Array.from({ length: n }, () => o);

/** The dev stack's tier limits. */
export const FREE = {
  requests: { limit: 5, window: "2m", windowSeconds: 120 },
  tokens: { limit: 100, window: "1m", windowSeconds: 60 },
};
export const PREMIUM = {
  requests: { limit: 20, window: "2m", windowSeconds: 120 },
  tokens: { limit: 50_000, window: "1m", windowSeconds: 60 },
};
export const ENTERPRISE = {
  requests: { limit: 50, window: "2m", windowSeconds: 120 },
  tokens: { limit: 100_000, window: "1m", windowSeconds: 60 },
};

/** The dev stack's kubeconfig target and model-a's output, as the port-forward and prerequisite checks read them. */
export const TARGET = { context: "kind-maas-local" };
export const MODEL_A = {
  name: "model-a",
  namespace: "llm",
  service: "model-a-kserve-workload-svc",
  port: 8000,
  inClusterUrl: "http://model-a-kserve-workload-svc.llm.svc.cluster.local:8000",
} as StackOutputs["models"][string];
