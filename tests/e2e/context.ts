/**
 * What the runner resolved before mocha loads the suites: the options, the validated outputs, who enforces
 * the MaaS policy on the gateway, the kubectl target, the ledger of token uses. Suites read it with
 * `e2eContext()`; only `run.ts` sets it.
 */
import type { KubeTarget } from "../../components/exec/kubectl";
import type { StackOutputs } from "../../components/outputs/stack-outputs";
import type { Runner } from "../../components/exec/runner";
import type { Ledger } from "./lib/ledger";
import type { PortForwardPool } from "./lib/port-forward";
import { gatewayMissing, kubectlMissing } from "./lib/prerequisites";
import { realClock, startCountdown } from "./lib/progress";
import type { E2eOptions } from "./options";
import type { RunRecorder } from "./report/recorder";

/** Who enforces authentication, tiers and rate limits behind the outputs' gateway URL. */
export type PolicyEnforcer =
  /** The real MaaS gateway policies (stack target). */
  | "gateway"
  /** The local gateway's emulation (local target): exercises the suites, proves nothing about MaaS. */
  | "emulated"
  /** Nothing (local target with --no-emulate-policy). */
  | "none";

export interface E2eContext {
  readonly options: E2eOptions;
  readonly outputs: StackOutputs;
  readonly policy: PolicyEnforcer;
  readonly kube: KubeTarget;
  readonly runner: Runner;
  readonly ledger: Ledger;
  /** Records the run's tests and requests for `--report`; the rate-limit suites give it their verdicts. */
  readonly recorder: RunRecorder;
  /** Prints one line under the running test. */
  log(line: string): void;
  /** Shows the remaining seconds of `label`, which lasts `ms`, until the returned function is called. */
  track(label: string, ms: number): () => void;
  /** Why kubectl cannot reach the cluster, or undefined (checked once). */
  kubectlMissing(): Promise<string | undefined>;
  /** Why no gateway serves the routes, or undefined (checked once). */
  gatewayMissing(): Promise<string | undefined>;
  /** Port-forward pools the suites opened; the runner closes them all at the end. */
  readonly pools: Set<PortForwardPool>;
}

let current: E2eContext | undefined;

/** Builds the context the suites share. */
export function createE2eContext(
  fields: Omit<E2eContext, "log" | "track" | "kubectlMissing" | "gatewayMissing" | "pools">,
): E2eContext {
  let kubectl: Promise<string | undefined> | undefined;
  let gateway: Promise<string | undefined> | undefined;
  return {
    ...fields,
    log: (line) => console.log(`      ${line.split("\n").join("\n      ")}`),
    track: (label, ms) =>
      startCountdown(
        label,
        ms,
        { isTTY: process.stdout.isTTY === true, write: (text) => process.stdout.write(text) },
        realClock,
        { indent: "      " },
      ),
    kubectlMissing: () => (kubectl ??= kubectlMissing(fields.runner, fields.kube)),
    gatewayMissing: () => (gateway ??= gatewayMissing(fields.outputs, fields.options.requestTimeoutMs)),
    pools: new Set(),
  };
}

/** Sets the context (the runner, before mocha loads the suites). */
export function setE2eContext(context: E2eContext | undefined): void {
  current = context;
}

/** The context; throws when a suite is loaded other than through `npm run test:e2e`. */
export function e2eContext(): E2eContext {
  if (!current) throw new Error("the e2e suites run through `npm run test:e2e` (tests/e2e/run.ts)");
  return current;
}
