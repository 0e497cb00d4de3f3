/**
 * An EMULATION of the MaaS gateway policy for the local target, so the tier and rate-limit suites run end to
 * end without a cluster. It is not the MaaS gateway (Kuadrant AuthPolicy, RateLimitPolicy,
 * TokenRateLimitPolicy) and proves nothing about it; it applies the outputs' tiers the way those policies are
 * documented to: a bearer token resolves to a tier (none or unknown → 401); the path's model must be in the
 * tier's allowedModels (else 403); per user, at most `requests.limit` requests per window, and no request
 * once the `usage.total_tokens` reported by the model in the current window has reached `tokens.limit`
 * (both → 429). Windows are fixed and start at a counter's first hit. On the maas-subscriptions profile a
 * tier has no request limit (only the token limit is counted), and API keys are accepted as MaaS's are: a key
 * resolves to the tier whose `subscription` it is bound to, so it reaches that subscription's models only and
 * shares its counters (an unknown key → 401, an expired one → 401). Pure: the clock is injected.
 */
import type { ApiKeyOutput, TierOutput } from "../../../components/outputs/stack-outputs";

/** What the emulation reads of a tier. */
type PolicyTier = Pick<TierOutput, "name" | "allowedModels" | "limits" | "subscription">;

/** What the emulated policy decides for one request. */
export type Admission =
  | { readonly allowed: true; readonly tier: string }
  | { readonly allowed: false; readonly status: 401 | 403 | 429; readonly message: string };

interface Counter {
  start: number;
  value: number;
}

/** The emulated MaaS policy over the outputs' tiers and their tokens. */
export class PolicyEmulator {
  private readonly tierByToken = new Map<string, PolicyTier>();
  private readonly keys = new Map<string, { readonly tier: PolicyTier; readonly expiresAt: number }>();
  private readonly counters = new Map<string, Counter>();

  constructor(
    tiers: readonly PolicyTier[],
    tokens: Readonly<Record<string, string>>,
    private readonly now: () => number = Date.now,
    /** API keys (any names): each binds to the tier whose `subscription` is the key's. */
    apiKeys: Readonly<Record<string, Pick<ApiKeyOutput, "key" | "subscription" | "expiresAt">>> = {},
  ) {
    for (const tier of tiers) {
      const token = tokens[tier.name];
      if (token !== undefined) this.tierByToken.set(token, tier);
    }
    for (const k of Object.values(apiKeys)) {
      const tier = tiers.find((t) => t.subscription !== undefined && t.subscription === k.subscription);
      if (tier) this.keys.set(k.key, { tier, expiresAt: Date.parse(k.expiresAt) });
    }
  }

  private counter(key: string, windowSeconds: number): Counter {
    const now = this.now();
    let c = this.counters.get(key);
    if (!c || now >= c.start + windowSeconds * 1000) {
      c = { start: now, value: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  /** Authenticates, authorises and rate-limits one request for `model` (the path's model segment). */
  admit(authorization: string | undefined, model: string | undefined): Admission {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (bearer === undefined) return { allowed: false, status: 401, message: "no bearer token" };
    const key = this.keys.get(bearer);
    if (key !== undefined && !(this.now() < key.expiresAt))
      return { allowed: false, status: 401, message: "the API key expired" };
    const tier = this.tierByToken.get(bearer) ?? key?.tier;
    if (!tier) return { allowed: false, status: 401, message: "the token is not valid" };
    if (model === undefined || !tier.allowedModels.includes(model)) {
      return {
        allowed: false,
        status: 403,
        message: `tier ${tier.name} may not use model ${model ?? "(none)"}`,
      };
    }
    const { requests, tokens } = tier.limits;
    if (requests !== undefined) {
      const hits = this.counter(`${tier.name}/requests`, requests.windowSeconds);
      if (hits.value >= requests.limit) {
        return {
          allowed: false,
          status: 429,
          message: `request rate limit of tier ${tier.name} (${requests.limit} per ${requests.window}) reached`,
        };
      }
      hits.value++;
    }
    const used = this.counter(`${tier.name}/tokens`, tokens.windowSeconds);
    if (used.value >= tokens.limit) {
      return {
        allowed: false,
        status: 429,
        message: `token rate limit of tier ${tier.name} (${tokens.limit} per ${tokens.window}) reached: ${used.value} used`,
      };
    }
    return { allowed: true, tier: tier.name };
  }

  /** Adds a response's `usage.total_tokens` to the tier's token counter. */
  report(tier: string, totalTokens: number): void {
    const t = [...this.tierByToken.values(), ...[...this.keys.values()].map((k) => k.tier)].find(
      (x) => x.name === tier,
    );
    if (!t || !(totalTokens > 0)) return;
    this.counter(`${tier}/tokens`, t.limits.tokens.windowSeconds).value += totalTokens;
  }
}

/**
 * `usage.total_tokens` of a response body: a JSON completion's, or a stream's last usage chunk
 * (`stream_options.include_usage`); undefined when the body carries none.
 */
export function usageTotalTokens(body: string, contentType: string | undefined): number | undefined {
  const read = (text: string): number | undefined => {
    try {
      const total = (JSON.parse(text) as { usage?: { total_tokens?: unknown } }).usage?.total_tokens;
      return typeof total === "number" ? total : undefined;
    } catch {
      return undefined;
    }
  };
  if (!(contentType ?? "").includes("text/event-stream")) return read(body);
  let last: number | undefined;
  for (const line of body.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data !== "[DONE]") last = read(data) ?? last;
  }
  return last;
}
