/**
 * The shape of `results.json`, the record of one `npm run test:e2e` run that `--report <dir>` writes: every
 * mocha test with its outcome, every request the suites sent, and the run's context (target, a secret-free
 * summary of the outputs, versions). The report builders (JUnit XML, HTML) read only this.
 */
import type { StackOutputs } from "../../../components/outputs/stack-outputs";

/** Version of the `results.json` format; bumped when a field changes meaning. */
export const RESULTS_FORMAT = 1;

/** Which limit a rate-limit verdict attributed a 429 to. */
export type Attribution =
  /** The tier's request limit (the request-limit suite's verdict passed). */
  | "requests"
  /** The tier's token limit (the token-limit suite's verdict passed). */
  | "tokens"
  /** A counter still active from earlier requests (the verdict asked for a retry after a window). */
  | "earlier-counter";

/** One request a suite sent, as the shared http() client saw it. */
export interface RequestRecord {
  /** When it was sent, in ms since the epoch. */
  readonly t: number;
  /** The suite (file name under tests/e2e/suites without `.e2e.ts`), or `run` outside any suite. */
  readonly suite: string;
  /** Full title of the mocha test or hook that sent it. */
  readonly test: string;
  readonly method: string;
  /** The URL's path. */
  readonly path: string;
  /**
   * `tier`: a tier's token from the outputs; `apiKey`: a tier's API key from the outputs; `none`: no token;
   * `invalid`: a token that is no tier's; `invalidKey`: a key in maas-api's `sk-oai-` form that is no tier's.
   */
  readonly credential: "tier" | "apiKey" | "none" | "invalid" | "invalidKey";
  /** The tier whose token or API key it carried. */
  readonly tier?: string;
  /** The model it asked for (request body, answer, `/llm/<model>/` path or the model server's URL). */
  readonly model?: string;
  /** HTTP status; absent when no HTTP answer came (see `error`). */
  readonly status?: number;
  /** System error code when no HTTP answer came (`ECONNREFUSED`, `TIMEOUT`, ...). */
  readonly error?: string;
  /** `usage.total_tokens` of the answer, when it reported one. */
  readonly tokens?: number;
  /** Time to the last byte, in ms. */
  readonly ms: number;
  /** For a 429: the limit the suite's verdict attributed it to, when it attributed it. */
  readonly limit?: Attribution;
}

/** One mocha test (or a failed hook, which mocha reports in place of the tests it kept from running). */
export interface TestRecord {
  readonly suite: string;
  /** Full title (the describe titles and the test's). */
  readonly title: string;
  readonly state: "passed" | "failed" | "skipped";
  /** Duration in ms (0 for skipped tests). */
  readonly ms: number;
  /** When it started, in ms since the epoch. */
  readonly t: number;
  /** Failure message, or why it was skipped. */
  readonly message?: string;
  /** Failure stack, for the JUnit file. */
  readonly stack?: string;
}

/** A rate limit as the outputs state it. */
export interface LimitSummary {
  readonly limit: number;
  readonly window: string;
  readonly windowSeconds: number;
}

/** What the outputs said, without tokens or anything else secret. */
export interface OutputsSummary {
  /** The platform profile the outputs name (absent in results of runs before profiles: maas-kind). */
  readonly platform?: "maas-kind" | "maas-subscriptions";
  readonly gateway: { readonly baseUrl: string; readonly routes: boolean };
  readonly models: readonly { readonly name: string; readonly tier: string; readonly url: string }[];
  readonly tiers: readonly {
    readonly name: string;
    readonly allowedModels: readonly string[];
    /** `requests` is absent for a tier without a request-count limit (maas-subscriptions). */
    readonly limits: { readonly requests?: LimitSummary; readonly tokens: LimitSummary };
    /** When its token expires; absent when the outputs had no token for it. */
    readonly tokenExpiresAt?: string;
    /** The tier's MaaSSubscription (maas-subscriptions). */
    readonly subscription?: string;
    /** When its API key expires; absent when the outputs had no API key for it. */
    readonly apiKeyExpiresAt?: string;
  }[];
}

/** Everything the run knew besides its tests and requests. */
export interface RunContext {
  readonly target: "stack" | "local";
  readonly stack: string;
  /** Who enforced tiers and limits: the MaaS gateway, the local gateway's emulation, or nothing. */
  readonly policy: "gateway" | "emulated" | "none";
  /** The options that shape what was sent. */
  readonly options: {
    readonly suites: readonly string[];
    readonly concurrency: number;
    readonly duration: number;
    readonly maxErrorRate: number;
    readonly tokenSlack: number;
    readonly maxTokensPerRequest: number;
    readonly requestTimeoutMs: number;
    readonly strict: boolean;
    /** Local target: the factor on every window. */
    readonly windowScale?: number;
  };
  readonly outputs: OutputsSummary;
  /** Name → version: node, this project, the simulator, mocha, the charting library, git commit. */
  readonly versions: Readonly<Record<string, string>>;
  readonly hostname: string;
  /** ms since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** `results.json`. */
export interface RunResults {
  readonly format: typeof RESULTS_FORMAT;
  readonly context: RunContext;
  readonly tests: readonly TestRecord[];
  readonly requests: readonly RequestRecord[];
}

/**
 * The outputs without their secrets: the profile, names, URLs, allowed models, limits, subscriptions, token and
 * API-key expiry (never a token or key).
 */
export function summarizeOutputs(o: StackOutputs): OutputsSummary {
  const limit = (l: LimitSummary): LimitSummary => ({
    limit: l.limit,
    window: l.window,
    windowSeconds: l.windowSeconds,
  });
  return {
    platform: o.platform,
    gateway: { baseUrl: o.gateway.baseUrl, routes: o.gateway.routes },
    models: Object.values(o.models).map((m) => ({ name: m.name, tier: m.tier, url: m.inClusterUrl })),
    tiers: Object.values(o.tiers).map((t) => ({
      name: t.name,
      allowedModels: [...t.allowedModels],
      limits: {
        ...(t.limits.requests ? { requests: limit(t.limits.requests) } : {}),
        tokens: limit(t.limits.tokens),
      },
      ...(o.tokens[t.name] ? { tokenExpiresAt: o.tokens[t.name]!.expiresAt } : {}),
      ...(t.subscription !== undefined ? { subscription: t.subscription } : {}),
      ...(o.apiKeys[t.name] ? { apiKeyExpiresAt: o.apiKeys[t.name]!.expiresAt } : {}),
    })),
  };
}

/** Passed, failed and skipped counts. */
export function countTests(tests: readonly TestRecord[]): {
  passed: number;
  failed: number;
  skipped: number;
} {
  const n = (state: TestRecord["state"]) => tests.filter((t) => t.state === state).length;
  return { passed: n("passed"), failed: n("failed"), skipped: n("skipped") };
}
