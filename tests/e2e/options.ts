/**
 * `npm run test:e2e -- [options]`: the options, parsed with commander. Pure over argv and the environment,
 * so defaults, environment variables and conflicts are unit-tested.
 */
import { Command, InvalidArgumentError, Option } from "commander";

/** The suites, in the order they run. */
export const SUITES = ["direct", "routing", "tier-access", "request-limits", "token-limits", "load"] as const;
export type SuiteName = (typeof SUITES)[number];
/** Suites that send requests with the tiers' tokens. */
export const TOKEN_SUITES: readonly SuiteName[] = [
  "routing",
  "tier-access",
  "request-limits",
  "token-limits",
];

/** Every option, resolved. */
export interface E2eOptions {
  readonly target: "stack" | "local";
  /** Stack whose outputs (stack target) or configuration (local target) is used. */
  readonly stack: string;
  /** Outputs file of the stack target; undefined → `pulumi stack output`. */
  readonly outputs: { readonly path: string; readonly origin: string } | undefined;
  /** kubeconfig path for kubectl; undefined → kubectl's default. */
  readonly kubeconfig: string | undefined;
  readonly suites: readonly SuiteName[];
  /** Load suite: concurrent clients, seconds, highest tolerated error rate in percent. */
  readonly concurrency: number;
  readonly duration: number;
  readonly maxErrorRate: number;
  /** Token suite: successes tolerated past the limit, and the largest max_tokens of one request. */
  readonly tokenSlack: number;
  readonly maxTokensPerRequest: number;
  /** Per-request timeout in ms. */
  readonly requestTimeoutMs: number;
  /** Local target: emulate the MaaS policy in its gateway; factor on rate-limit windows. */
  readonly emulatePolicy: boolean;
  readonly windowScale: number;
  /** Local target: the platform profile to emulate; undefined → the stack config's `platform`. */
  readonly platform: "maas-kind" | "maas-subscriptions" | undefined;
  /** Local target: keep running (no tests) until interrupted. */
  readonly serve: boolean;
  /** Where to write the outputs the run used (the local target's description, or the stack's). */
  readonly writeOutputs: string | undefined;
  /** A missing prerequisite fails instead of skipping. */
  readonly strict: boolean;
  /** File remembering when tier tokens were last used, across runs (stack target). */
  readonly ledgerFile: string | undefined;
  /** Directory to write results.json, junit.xml and report.html into. */
  readonly report: string | undefined;
}

const integer = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}`);
  return n;
};

const number =
  (min: number, max: number, exclusiveMin = false) =>
  (value: string) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || (exclusiveMin ? n <= min : n < min) || n > max) {
      throw new InvalidArgumentError(`must be a number ${exclusiveMin ? ">" : "≥"} ${min} and ≤ ${max}`);
    }
    return n;
  };

const suiteList = (value: string): SuiteName[] => {
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(
      `unknown suite ${unknown.join(", ") || "(none)"}; suites: ${SUITES.join(", ")}`,
    );
  }
  return SUITES.filter((s) => names.includes(s));
};

/** The commander program (also prints `--help`). */
export function e2eProgram(): Command {
  return new Command("test:e2e")
    .description(
      "Environment tests against the stack's outputs (--target stack) or against simulators and a routing " +
        "gateway started locally (--target local).",
    )
    .addOption(new Option("--target <target>", "what to test").choices(["stack", "local"]).default("stack"))
    .option(
      "--stack <name>",
      "stack whose outputs (stack) or config (local) to use (default: $PULUMI_STACK or dev)",
    )
    .option(
      "--outputs <file>",
      "stack: read the outputs from this JSON file (default: $MAAS_KIND_OUTPUTS, else pulumi)",
    )
    .option("--kubeconfig <path>", "kubeconfig for kubectl (default: $KUBECONFIG or ~/.kube/config)")
    .addOption(
      new Option("--suites <list>", `comma-separated suites to run (${SUITES.join(", ")})`)
        .argParser(suiteList)
        .default([...SUITES], "all"),
    )
    .addOption(new Option("--concurrency <n>", "load: concurrent clients").argParser(integer(1)).default(8))
    .addOption(new Option("--duration <seconds>", "load: how long").argParser(integer(1)).default(10))
    .addOption(
      new Option("--max-error-rate <percent>", "load: highest tolerated error rate")
        .argParser(number(0, 100))
        .default(1),
    )
    .addOption(
      new Option("--token-slack <n>", "token limits: successes tolerated after the sum passed the limit")
        .argParser(integer(0))
        .default(1),
    )
    .addOption(
      new Option("--max-tokens-per-request <n>", "token limits: largest max_tokens of one request")
        .argParser(integer(1))
        .default(512),
    )
    .addOption(
      new Option("--request-timeout <seconds>", "timeout of every request").argParser(integer(1)).default(30),
    )
    .option(
      "--no-emulate-policy",
      "local: the gateway only routes (the tier and rate-limit suites then skip)",
    )
    .addOption(
      new Option("--window-scale <factor>", "local: factor on every rate-limit window (0 < factor ≤ 1)")
        .argParser(number(0, 1, true))
        .default(0.1),
    )
    .addOption(
      new Option(
        "--platform <profile>",
        "local: the platform profile to emulate (maas-subscriptions: token limits only, an API key per tier " +
          "bound to its subscription; default: the stack config's platform)",
      ).choices(["maas-kind", "maas-subscriptions"]),
    )
    .option("--serve", "local: start the environment, write its outputs, and keep it running until Ctrl-C")
    .option("--write-outputs <file>", "write the outputs the run uses to this file")
    .option("--strict", "fail instead of skipping when a prerequisite is missing (default with CI=true)")
    .option("--no-strict", "skip suites whose prerequisite is missing, even with CI=true")
    .option(
      "--ledger <file>",
      "stack: where to remember when tier tokens were last used, so later runs wait out windows (default: " +
        "$MAAS_KIND_E2E_LEDGER, else a file in the temporary directory)",
    )
    .option(
      "--report <dir>",
      "write results.json, junit.xml and report.html (charts) of the run into this directory",
    )
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}

/** Parses `argv` (without node and script) over `env`; throws commander's error (with its message) on bad input. */
export function parseE2eOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaultLedger: string,
): E2eOptions {
  const program = e2eProgram();
  program.parse([...argv], { from: "user" });
  const o = program.opts<{
    target: "stack" | "local";
    stack?: string;
    outputs?: string;
    kubeconfig?: string;
    suites: SuiteName[];
    concurrency: number;
    duration: number;
    maxErrorRate: number;
    tokenSlack: number;
    maxTokensPerRequest: number;
    requestTimeout: number;
    emulatePolicy: boolean;
    windowScale: number;
    platform?: "maas-kind" | "maas-subscriptions";
    serve?: boolean;
    writeOutputs?: string;
    strict?: boolean;
    ledger?: string;
    report?: string;
  }>();
  const local = o.target === "local";
  const conflict = (message: string): never => {
    throw new InvalidArgumentError(message);
  };
  if (local && o.outputs !== undefined) {
    conflict("--outputs reads a stack's outputs (--target stack); with --target local use --write-outputs");
  }
  if (local && o.ledger !== undefined) conflict("--ledger applies to --target stack only");
  if (o.serve && o.report !== undefined)
    conflict("--serve runs no tests, so --report would have nothing to report");
  if (!local) {
    for (const [key, flag] of [
      ["serve", "--serve"],
      ["windowScale", "--window-scale"],
      ["emulatePolicy", "--no-emulate-policy"],
      ["platform", "--platform"],
    ] as const) {
      if (program.getOptionValueSource(key) === "cli") conflict(`${flag} applies to --target local only`);
    }
  }
  const outputs =
    o.outputs !== undefined
      ? { path: o.outputs, origin: "--outputs" }
      : env.MAAS_KIND_OUTPUTS
        ? { path: env.MAAS_KIND_OUTPUTS, origin: "MAAS_KIND_OUTPUTS" }
        : undefined;
  return {
    target: o.target,
    stack: o.stack ?? (env.PULUMI_STACK || "dev"),
    outputs: local ? undefined : outputs,
    kubeconfig: o.kubeconfig,
    suites: o.suites,
    concurrency: o.concurrency,
    duration: o.duration,
    maxErrorRate: o.maxErrorRate,
    tokenSlack: o.tokenSlack,
    maxTokensPerRequest: o.maxTokensPerRequest,
    requestTimeoutMs: o.requestTimeout * 1000,
    emulatePolicy: o.emulatePolicy,
    windowScale: o.windowScale,
    platform: o.platform,
    serve: o.serve === true,
    writeOutputs: o.writeOutputs,
    strict: o.strict ?? env.CI === "true",
    ledgerFile: local ? undefined : (o.ledger ?? (env.MAAS_KIND_E2E_LEDGER || defaultLedger)),
    report: o.report,
  };
}
