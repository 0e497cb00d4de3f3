/**
 * The tier access suite's decisions: which status every (credential, model) pair must get from the MaaS
 * gateway (with a tier's token or its API key, or without a valid credential), why a different one is wrong,
 * and the matrix as a table. Expectations come from the outputs'
 * `tiers.*.allowedModels`; nothing is hard-coded.
 */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import { classify } from "./observed";

/**
 * Which credential a request carried: a tier's ServiceAccount token, a tier's API key (maas-api's, bound to the
 * tier's MaaSSubscription), none, a garbage token, or a garbage key in maas-api's `sk-oai-` form.
 */
export type Credential =
  | { readonly kind: "tier"; readonly tier: string }
  | { readonly kind: "apiKey"; readonly tier: string }
  | { readonly kind: "none" }
  | { readonly kind: "garbage" }
  | { readonly kind: "garbageKey" };

/** A key in maas-api's format that no maas-api issued (c0639b1b `maas-api/openapi3.yaml`: keys are `sk-oai-*`). */
export const GARBAGE_API_KEY = "sk-oai-not-a-valid-key";

/** True for the credentials that name a tier (its token or its API key). */
export function tierOf(c: Credential): string | undefined {
  return c.kind === "tier" || c.kind === "apiKey" ? c.tier : undefined;
}

/** One request of the matrix and the status it got. */
export interface AccessCase {
  readonly credential: Credential;
  readonly model: string;
  readonly status: number;
}

/** 200 for a tier's allowed model, 403 for its other models, 401 without a valid token. */
export function expectedStatus(
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
  credential: Credential,
  model: string,
): 200 | 401 | 403 {
  const name = tierOf(credential);
  if (name === undefined) return 401;
  const tier = tiers[name];
  if (!tier) throw new Error(`no tier ${name} in the outputs`);
  return tier.allowedModels.includes(model) ? 200 : 403;
}

/**
 * Whether `status` is right for the credential and model: the expected status, or for a garbage API key also
 * 403 (MaaS's AuthPolicy may refuse an unknown key at authorisation rather than authentication).
 */
export function statusAccepted(
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
  credential: Credential,
  model: string,
  status: number,
): boolean {
  return (
    status === expectedStatus(tiers, credential, model) ||
    (credential.kind === "garbageKey" && status === 403)
  );
}

/** `tier free`, `tier free (API key)`, `no token`, `a garbage token`, `a garbage API key`. */
export function credentialLabel(c: Credential): string {
  switch (c.kind) {
    case "tier":
      return `tier ${c.tier}`;
    case "apiKey":
      return `tier ${c.tier} (API key)`;
    case "none":
      return "no token";
    case "garbage":
      return "a garbage token";
    case "garbageKey":
      return "a garbage API key";
  }
}

function explain(
  c: AccessCase,
  want: number,
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
): string {
  const who = credentialLabel(c.credential);
  const head = `${who} → ${c.model}: got ${c.status}, expected ${want}`;
  const tier = tierOf(c.credential);
  const allowed = tier !== undefined ? `[${(tiers[tier]?.allowedModels ?? []).join(", ")}]` : "";
  switch (classify(c.status)) {
    case "ok":
      if (c.credential.kind === "apiKey")
        return `${head}: the key reached a model outside its tier's allowedModels ${allowed} (its MaaSSubscription or a MaaSAuthPolicy lists the model?)`;
      return tier !== undefined
        ? `${head}: the tier reached a model outside its allowedModels ${allowed} (a cluster-wide or extra RoleBinding?)`
        : `${head}: the gateway let an unauthenticated request through (AuthPolicy not enforced on this route?)`;
    case "forbidden":
      return tier !== undefined
        ? `${head}: refused although allowedModels ${allowed} lists it (RoleBinding missing, or the authorisation checks another resource)`
        : `${head}: an invalid token must fail authentication (401) before authorisation (403)`;
    case "unauthenticated":
      if (c.credential.kind === "apiKey")
        return `${head}: the tier's API key was rejected (expired or revoked, or maas-api does not know it?): run \`npm run up\` to re-mint it`;
      return `${head}: the tier's token was rejected (expired, or bound to another audience?): run \`npm run up\` to re-mint it`;
    case "rate-limited":
      return `${head}: rate-limited: the tier's counter is exhausted (is another client using this token?)`;
    case "not-found":
      return `${head}: no route (the HTTPRoute is not attached to the gateway, or the path is not exposed)`;
    default:
      return `${head}: the gateway or the model failed`;
  }
}

/** One line per case whose status differs from the expectation, saying what it means. */
export function accessProblems(
  cases: readonly AccessCase[],
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
): string[] {
  return cases.flatMap((c) => {
    const want = expectedStatus(tiers, c.credential, c.model);
    return statusAccepted(tiers, c.credential, c.model, c.status) ? [] : [explain(c, want, tiers)];
  });
}

/** The matrix as a text table: a row per credential, a column per model, `200` or `403 (want 200)` cells. */
export function accessTable(
  cases: readonly AccessCase[],
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
): string {
  const models = [...new Set(cases.map((c) => c.model))];
  const rows = new Map<string, Map<string, string>>();
  for (const c of cases) {
    const label = credentialLabel(c.credential);
    const want = expectedStatus(tiers, c.credential, c.model);
    const cell = statusAccepted(tiers, c.credential, c.model, c.status)
      ? `${c.status}`
      : `${c.status} (want ${want})`;
    if (!rows.has(label)) rows.set(label, new Map());
    rows.get(label)!.set(c.model, cell);
  }
  const header = ["", ...models];
  const body = [...rows].map(([label, cells]) => [label, ...models.map((m) => cells.get(m) ?? "-")]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}
