/** A simulator config and a validated completion request for the generation units' tests, overridable. */
import { DEFAULTS, type SimulatorConfig } from "../../src/config/simulator-config";
import type { CompletionRequest } from "../../src/protocol/types";

/** DEFAULTS serving model `m` with seed 1. */
export const testConfig = (overrides: Partial<SimulatorConfig> = {}): SimulatorConfig => ({
  ...DEFAULTS,
  model: "m",
  servedModelNames: ["m"],
  seed: "1",
  ...overrides,
});

/** A plain text completion request (no prompt, n 1, no tools); set what a test needs. */
export const testRequest = (overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  kind: "text",
  model: undefined,
  promptText: "",
  echoText: "",
  prompts: [],
  n: 1,
  logprobs: undefined,
  stream: false,
  includeUsage: false,
  maxTokens: undefined,
  maxTokensField: "max_tokens",
  ignoreEos: false,
  tools: [],
  toolChoice: "none",
  seed: undefined,
  doRemotePrefill: false,
  ...overrides,
});
