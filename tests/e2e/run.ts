/**
 * `npm run test:e2e -- [options]`: resolves what to test (the stack's outputs, or a local environment it
 * starts), then runs the mocha suites under tests/e2e/suites programmatically, and exits non-zero on any
 * failure. Everything it started (simulators, gateway, port-forwards) is stopped afterwards, on failure and on
 * Ctrl-C too. Never interactive.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { CommanderError } from "commander";
import Mocha from "mocha";
import type { StackOutputs } from "../../components/outputs/stack-outputs";
import { processRunner } from "../../components/exec/runner";
import { kubectlTokenClient } from "../../components/access/token-client";
import type { E2eContext, PolicyEnforcer } from "./context";
import { createE2eContext, setE2eContext } from "./context";
import { observeHttp } from "./lib/http";
import { Ledger } from "./lib/ledger";
import type { OutputsSource } from "./lib/outputs-source";
import { describeSource, readStackOutputs } from "./lib/outputs-source";
import { refreshTokens } from "./lib/tokens";
import type { LocalEnvironment } from "./local/environment";
import { startLocalEnvironment } from "./local/environment";
import type { E2eOptions } from "./options";
import { TOKEN_SUITES, e2eProgram, parseE2eOptions } from "./options";
import { RunRecorder } from "./report/recorder";
import type { RunContext } from "./report/results";
import { countTests, summarizeOutputs } from "./report/results";
import { runVersions } from "./report/versions";
import { writeReport } from "./report/write-report";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DEFAULT_LEDGER = path.join(tmpdir(), "maas-kind-e2e", "ledger.json");
const DEFAULT_SERVE_OUTPUTS = path.join(tmpdir(), "maas-kind-e2e", "local-outputs.json");

const log = (line: string) => console.log(`e2e: ${line}`);

/** One line per model and tier: what the suites are about to test. */
function describeOutputs(o: StackOutputs, policy: PolicyEnforcer): string[] {
  const enforcer = {
    gateway: "the MaaS gateway's policies",
    emulated: "the local gateway's EMULATION of the MaaS policy (not proof about the real gateway)",
    none: "nothing (no policy: tier and rate-limit suites skip)",
  }[policy];
  return [
    `platform ${o.platform}: ${Object.keys(o.apiKeys).length} API key(s)`,
    `gateway ${o.gateway.baseUrl} (routes ${o.gateway.routes ? "created" : "not created"}); tiers and limits enforced by ${enforcer}`,
    ...Object.values(o.models).map((m) => `model ${m.name}: tier ${m.tier}, ${m.inClusterUrl}`),
    ...Object.values(o.tiers).map(
      (t) =>
        `tier ${t.name}: models [${t.allowedModels.join(", ")}], ` +
        (t.limits.requests ? `${t.limits.requests.limit} requests / ${t.limits.requests.window}, ` : "") +
        `${t.limits.tokens.limit} tokens / ${t.limits.tokens.window}` +
        (o.tokens[t.name] ? `, token until ${o.tokens[t.name]!.expiresAt}` : ", no token") +
        (t.subscription !== undefined ? `, subscription ${t.subscription}` : "") +
        (o.apiKeys[t.name] ? `, API key until ${o.apiKeys[t.name]!.expiresAt}` : ""),
    ),
  ];
}

function writeOutputs(file: string, outputs: StackOutputs): void {
  writeFileSync(file, JSON.stringify(outputs, null, 2) + "\n", { mode: 0o600 });
  log(`outputs written to ${file}`);
}

/** The stack target's outputs, validated, with expiring tokens re-minted. */
async function stackOutputs(options: E2eOptions): Promise<StackOutputs> {
  const source: OutputsSource = options.outputs
    ? { kind: "file", ...options.outputs }
    : { kind: "pulumi", stack: options.stack };
  log(`reading the ${describeSource(source)}`);
  const outputs = await readStackOutputs(source, REPO_ROOT, process.env, processRunner());
  if (!options.suites.some((s) => TOKEN_SUITES.includes(s))) return outputs;
  const client = kubectlTokenClient({
    context: outputs.cluster.context,
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
  });
  return refreshTokens(outputs, client, Date.now(), log);
}

function runMocha(options: E2eOptions, recorder: RunRecorder): Promise<number> {
  const mocha = new Mocha({ reporter: "spec", timeout: 120_000 });
  for (const suite of options.suites) mocha.addFile(path.join(__dirname, "suites", `${suite}.e2e.ts`));
  return new Promise((resolve) => recorder.attach(mocha.run((failures) => resolve(failures))));
}

/** The run's context for the report: what was tested, how, and with which versions (no secrets). */
function runContext(
  options: E2eOptions,
  outputs: StackOutputs,
  policy: PolicyEnforcer,
  startedAt: number,
): RunContext {
  return {
    target: options.target,
    stack: options.stack,
    policy,
    options: {
      suites: options.suites,
      concurrency: options.concurrency,
      duration: options.duration,
      maxErrorRate: options.maxErrorRate,
      tokenSlack: options.tokenSlack,
      maxTokensPerRequest: options.maxTokensPerRequest,
      requestTimeoutMs: options.requestTimeoutMs,
      strict: options.strict,
      ...(options.target === "local" ? { windowScale: options.windowScale } : {}),
    },
    outputs: summarizeOutputs(outputs),
    versions: runVersions(REPO_ROOT),
    hostname: hostname(),
    startedAt,
    finishedAt: Date.now(),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let options: E2eOptions;
  try {
    options = parseE2eOptions(argv, process.env, DEFAULT_LEDGER);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed" || err.code === "commander.help") {
      process.stdout.write(e2eProgram().helpInformation());
      return 0;
    }
    console.error(`test:e2e: ${err.message.replace(/^error: /, "")}`);
    console.error("Run `npm run test:e2e -- --help` for the options.");
    return 2;
  }

  let local: LocalEnvironment | undefined;
  let context: E2eContext | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await Promise.allSettled([...(context?.pools ?? [])].map((p) => p.closeAll()));
      await local?.stop();
    })());
  let interrupted: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (interrupted = resolve));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything this run started`);
      interrupted(signal);
      void cleanup().then(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }

  try {
    let outputs: StackOutputs;
    let policy: PolicyEnforcer;
    if (options.target === "local") {
      log(`local target: the ${options.stack} stack's models and tiers, run as processes on this machine`);
      local = await startLocalEnvironment({
        repoRoot: REPO_ROOT,
        stack: options.stack,
        windowScale: options.windowScale,
        emulatePolicy: options.emulatePolicy,
        ...(options.platform !== undefined ? { platform: options.platform } : {}),
        log,
      });
      local.describe().forEach(log);
      outputs = local.outputs;
      policy = options.emulatePolicy ? "emulated" : "none";
    } else {
      outputs = await stackOutputs(options);
      policy = "gateway";
    }
    describeOutputs(outputs, policy).forEach(log);
    if (options.writeOutputs) writeOutputs(options.writeOutputs, outputs);

    if (options.serve) {
      const file = options.writeOutputs ?? DEFAULT_SERVE_OUTPUTS;
      if (!options.writeOutputs) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeOutputs(file, outputs);
      }
      log(
        `serving until Ctrl-C; test it from another shell with: MAAS_KIND_OUTPUTS=${file} npm run test:e2e`,
      );
      await stopped;
      return 0;
    }

    const recorder = new RunRecorder(outputs);
    context = createE2eContext({
      options,
      outputs,
      policy,
      kube: {
        context: outputs.cluster.context,
        ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
      },
      runner: processRunner(),
      ledger: new Ledger(options.ledgerFile),
      recorder,
    });
    setE2eContext(context);
    const startedAt = Date.now();
    observeHttp(recorder.observe);
    let failures: number;
    try {
      failures = await runMocha(options, recorder);
    } finally {
      observeHttp(undefined);
    }
    log(failures > 0 ? `${failures} failure(s)` : "all suites passed");
    if (options.report) {
      const results = recorder.results(runContext(options, outputs, policy, startedAt));
      const { passed, failed, skipped } = countTests(results.tests);
      log(
        `report of ${results.tests.length} tests (${passed} passed, ${failed} failed, ${skipped} skipped) ` +
          `and ${results.requests.length} requests`,
      );
      writeReport(options.report, results).forEach((file) => log(`report written: ${file}`));
    }
    return failures > 0 ? 1 : 0;
  } catch (err) {
    console.error(`test:e2e: ${(err as Error).message}`);
    return 1;
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
