/**
 * Records a run for its report: every test's outcome from mocha's runner events, and every request from the
 * shared http() client (`observeHttp`), each tagged with the suite and test that sent it, the tier whose token
 * or API key it carried (never the token or key), the model, status, tokens counted and latency. The rate-limit suites add which
 * limit their verdict attributed the 429s to. Nothing here reads a clock of its own: times come from the
 * events and the exchanges.
 */
import * as path from "node:path";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { sseData } from "../lib/completion-checks";
import type { HttpExchange } from "../lib/http";
import type { Verdict } from "../lib/observed";
import type { Attribution, RequestRecord, RunContext, RunResults, TestRecord } from "./results";
import { RESULTS_FORMAT } from "./results";
import { skipReasonOf } from "./skip-reasons";

/** maas-api's API keys start with it (models-as-a-service c0639b1b `maas-api/openapi3.yaml`: `sk-oai-*`). */
export const API_KEY_PREFIX = "sk-oai-";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The suite a runnable belongs to: its file's name without `.e2e.ts`, or `run` when it has none. */
export function suiteOf(runnable: Pick<Mocha.Runnable, "file"> | undefined): string {
  const file = runnable?.file;
  return file ? path.basename(file).replace(/\.e2e\.[cm]?[jt]s$|\.[cm]?[jt]s$/, "") : "run";
}

/** `usage.total_tokens` of a JSON answer, or of the usage frame of a server-sent event stream. */
export function tokensOf(json: unknown, text: string): number | undefined {
  const total = (body: unknown) => {
    const t = (body as { usage?: { total_tokens?: unknown } } | undefined)?.usage?.total_tokens;
    return typeof t === "number" ? t : undefined;
  };
  if (json !== undefined) return total(json);
  if (!text.startsWith("data:")) return undefined;
  for (const frame of sseData(text).reverse()) {
    if (frame === "[DONE]") continue;
    try {
      const t = total(JSON.parse(frame));
      if (t !== undefined) return t;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The run's recorder. */
export class RunRecorder {
  private readonly tierByToken = new Map<string, string>();
  private readonly tierByApiKey = new Map<string, string>();
  private readonly modelByOrigin = new Map<string, string>();
  private readonly models: ReadonlySet<string>;
  private readonly tests: TestRecord[] = [];
  private readonly requests: Mutable<RequestRecord>[] = [];
  private test: Mocha.Runnable | undefined;
  private hook: Mocha.Runnable | undefined;
  private readonly started = new Map<Mocha.Runnable, number>();
  /** Index of the first request of the running test not yet covered by a verdict. */
  private unjudged = 0;

  constructor(
    outputs: Pick<StackOutputs, "models" | "tokens"> & Partial<Pick<StackOutputs, "apiKeys">>,
    private readonly now: () => number = Date.now,
  ) {
    for (const [tier, t] of Object.entries(outputs.tokens)) this.tierByToken.set(t.token, tier);
    for (const [tier, k] of Object.entries(outputs.apiKeys ?? {})) this.tierByApiKey.set(k.key, tier);
    for (const m of Object.values(outputs.models)) {
      this.modelByOrigin.set(new URL(m.inClusterUrl).origin, m.name);
    }
    this.models = new Set(Object.keys(outputs.models));
  }

  /** Follows a mocha run's events (call right after `mocha.run()`, before any test starts). */
  attach(runner: Mocha.Runner): void {
    runner.on("hook", (hook) => {
      this.hook = hook;
      this.started.set(hook, this.now());
    });
    runner.on("hook end", () => (this.hook = undefined));
    runner.on("test", (test) => {
      this.test = test;
      this.unjudged = this.requests.length;
      this.started.set(test, this.now());
    });
    runner.on("test end", () => (this.test = undefined));
    runner.on("pass", (test) => this.finish(test, "passed"));
    runner.on("fail", (runnable, err) => {
      this.finish(runnable, "failed", err);
      if (runnable === this.hook) this.hook = undefined;
    });
    runner.on("pending", (test) => {
      const reason = skipReasonOf(test);
      this.finish(test, "skipped", undefined, reason);
    });
  }

  private finish(runnable: Mocha.Runnable, state: TestRecord["state"], err?: Error, reason?: string): void {
    const message = err ? err.message : reason;
    this.tests.push({
      suite: suiteOf(runnable),
      title: runnable.fullTitle(),
      state,
      ms: state === "skipped" ? 0 : (runnable.duration ?? 0),
      t: this.started.get(runnable) ?? this.now(),
      ...(message !== undefined ? { message } : {}),
      ...(err?.stack ? { stack: err.stack } : {}),
    });
  }

  /** Records one exchange of the http() client (pass to `observeHttp`). */
  readonly observe = (x: HttpExchange): void => {
    const url = new URL(x.url);
    const token = x.request.token;
    const byToken = token === undefined ? undefined : this.tierByToken.get(token);
    const byKey = token === undefined ? undefined : this.tierByApiKey.get(token);
    const tier = byToken ?? byKey;
    const credential: RequestRecord["credential"] =
      token === undefined
        ? "none"
        : byToken !== undefined
          ? "tier"
          : byKey !== undefined
            ? "apiKey"
            : token.startsWith(API_KEY_PREFIX)
              ? "invalidKey"
              : "invalid";
    const runnable = this.hook ?? this.test;
    const result = x.result;
    const tokens = result && result.status < 300 ? tokensOf(result.json, result.text) : undefined;
    const model = this.modelOf(url, x.request.body, result?.json);
    this.requests.push({
      t: x.startedAt,
      suite: suiteOf(runnable),
      test: runnable?.fullTitle() ?? "",
      method: x.method,
      path: url.pathname,
      credential,
      ...(tier !== undefined ? { tier } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(result ? { status: result.status } : { error: x.error?.code ?? "ERROR" }),
      ...(tokens !== undefined ? { tokens } : {}),
      ms: Math.round(x.ms * 10) / 10,
    });
  };

  private modelOf(url: URL, body: unknown, json: unknown): string | undefined {
    const named = (v: unknown) => (typeof v === "string" && this.models.has(v) ? v : undefined);
    return (
      named((body as { model?: unknown } | undefined)?.model) ??
      named(/^\/llm\/([^/]+)\//.exec(url.pathname)?.[1]) ??
      named((json as { model?: unknown } | undefined)?.model) ??
      this.modelByOrigin.get(url.origin)
    );
  }

  /**
   * The running test's 429s since its start or its previous verdict are attributed as `verdict` says: to the
   * limit of a pass, to an earlier counter when it asks for a retry, to none when it failed. Call once per
   * verdict.
   */
  attribute(verdict: Verdict): void {
    const limit: Attribution | undefined =
      verdict.kind === "pass"
        ? verdict.limit
        : verdict.kind === "counter-active"
          ? "earlier-counter"
          : undefined;
    if (limit !== undefined) {
      for (const r of this.requests.slice(this.unjudged)) if (r.status === 429) r.limit ??= limit;
    }
    this.unjudged = this.requests.length;
  }

  /** Everything recorded, with the run's context; requests in the order they were sent. */
  results(context: RunContext): RunResults {
    return {
      format: RESULTS_FORMAT,
      context,
      tests: [...this.tests],
      requests: [...this.requests].sort((a, b) => a.t - b.t),
    };
  }
}
