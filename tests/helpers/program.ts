/**
 * Runs index.ts under fresh mocks with a given raw config, as `pulumi up` would, and returns its resolved
 * outputs. index.ts exports the program as an async function taking the host tools; it is called here with a
 * fake host (a ready machine unless told otherwise). Its module-cache entry is dropped first; the components
 * stay cached (they keep no per-run state).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { HostTools, PortState } from "../../components/preflight/host-preflight";
import type { ProgramOutputs } from "../../components/outputs/stack-outputs";
import type { FakeHandler } from "./fake-runner";
import { FakeRunner } from "./fake-runner";
import type { RecordingMocks } from "./pulumi-mocks";
import { installMocks, resolve, settle } from "./pulumi-mocks";

/** A fake host for the program's host preflight, with what it ran and logged. */
export interface FakeHost extends HostTools {
  readonly runner: FakeRunner;
  readonly notes: string[];
}

/**
 * A machine with docker, kind and kubectl, the engine running, no Kind cluster yet and free ports; `handler`
 * answers first where it returns something.
 */
export function fakeHost(handler?: FakeHandler, busyPorts: readonly number[] = []): FakeHost {
  const notes: string[] = [];
  const runner = new FakeRunner(async (call) => (handler ? await handler(call) : undefined) ?? undefined);
  return {
    runner,
    notes,
    probePort: async (port: number): Promise<PortState> => (busyPorts.includes(port) ? "in-use" : "free"),
    probeRegistry: async () => undefined,
    info: (note: string) => notes.push(note),
  };
}

/** What one program run produced. */
export interface ProgramRun {
  readonly mocks: RecordingMocks;
  /** The host the program's preflight used. */
  readonly host: FakeHost;
  /** The program's outputs as returned (Outputs or plain values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  /** The outputs' resolved values: the JSON `pulumi stack output --json --show-secrets` would print. */
  readonly outputs: Record<string, unknown>;
}

const INDEX = require.resolve("../../index");

type Program = (host?: HostTools) => Promise<ProgramOutputs>;

function loadProgram(): Program {
  delete require.cache[INDEX];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(INDEX) as Program;
}

/** How to run the program: the host its preflight sees, and resource types the mocks answer late. */
export interface RunOptions {
  readonly host?: FakeHost;
  /** Milliseconds by type (see RecordingMocks.delays). */
  readonly delays?: Readonly<Record<string, number>>;
}

/** Runs the program; rejects with the program's error (e.g. a ConfigError), after every registration settled. */
export async function runProgram(
  config: Record<string, string>,
  options: RunOptions = {},
): Promise<ProgramRun> {
  const host = options.host ?? fakeHost();
  const mocks = installMocks(config);
  for (const [type, ms] of Object.entries(options.delays ?? {})) mocks.delays.set(type, ms);
  let exports: Record<string, pulumi.Input<unknown>>;
  try {
    exports = (await loadProgram()(host)) as unknown as Record<string, pulumi.Input<unknown>>;
  } finally {
    await settle();
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(exports)) outputs[k] = await resolve(v);
  return { mocks, host, exports, outputs };
}

/** Runs the program expecting it to fail; returns the error and the mocks (to check nothing was declared). */
export async function failProgram(
  config: Record<string, string>,
  host: FakeHost = fakeHost(),
): Promise<{ error: Error; mocks: RecordingMocks; host: FakeHost }> {
  const mocks = installMocks(config);
  try {
    await loadProgram()(host);
  } catch (error) {
    await settle();
    return { error: error as Error, mocks, host };
  }
  await settle();
  throw new Error("the program did not fail");
}
