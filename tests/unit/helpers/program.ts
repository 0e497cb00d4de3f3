/**
 * Runs index.ts under fresh mocks with a given raw config, as `pulumi up` would, and returns its resolved
 * outputs. index.ts runs on import, so its module-cache entry is dropped first; the components stay cached
 * (they keep no per-run state).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RecordingMocks } from "./pulumi-mocks";
import { installMocks, resolve, settle } from "./pulumi-mocks";

/** What one program run produced. */
export interface ProgramRun {
  readonly mocks: RecordingMocks;
  /** The module's exports as declared (Outputs or plain values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  /** The exports' resolved values: the JSON `pulumi stack output --json --show-secrets` would print. */
  readonly outputs: Record<string, unknown>;
}

const INDEX = require.resolve("../../../index");

/** Runs the program; rejects with the program's error (e.g. a ConfigError), after every registration settled. */
export async function runProgram(config: Record<string, string>): Promise<ProgramRun> {
  const mocks = installMocks(config);
  delete require.cache[INDEX];
  let exports: Record<string, pulumi.Input<unknown>>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(INDEX) as Record<string, pulumi.Input<unknown>>;
  } finally {
    await settle();
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(exports)) outputs[k] = await resolve(v);
  return { mocks, exports, outputs };
}

/** Runs the program expecting it to fail; returns the error and the mocks (to check nothing was declared). */
export async function failProgram(
  config: Record<string, string>,
): Promise<{ error: Error; mocks: RecordingMocks }> {
  const mocks = installMocks(config);
  delete require.cache[INDEX];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(INDEX);
  } catch (error) {
    await settle();
    return { error: error as Error, mocks };
  }
  await settle();
  throw new Error("the program did not fail");
}
