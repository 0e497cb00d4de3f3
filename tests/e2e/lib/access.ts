/**
 * The tier access suite's decisions: which status every (credential, model) pair must get from the MaaS
 * gateway, why a different one is wrong, and the matrix as a table. Expectations come from the outputs'
 * `tiers.*.allowedModels`; nothing is hard-coded.
 */
import type { TierOutput } from "../../../components/outputs/stack-outputs";
import { classify } from "./observed";

/** Which credential a request carried. */
export type Credential =
  { readonly kind: "tier"; readonly tier: string } | { readonly kind: "none" } | { readonly kind: "garbage" };

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
  if (credential.kind !== "tier") return 401;
  const tier = tiers[credential.tier];
  if (!tier) throw new Error(`no tier ${credential.tier} in the outputs`);
  return tier.allowedModels.includes(model) ? 200 : 403;
}

/** `tier free`, `no token`, `a garbage token`. */
export function credentialLabel(c: Credential): string {
  return c.kind === "tier" ? `tier ${c.tier}` : c.kind === "none" ? "no token" : "a garbage token";
}

function explain(
  c: AccessCase,
  want: number,
  tiers: Readonly<Record<string, Pick<TierOutput, "allowedModels">>>,
): string {
  const who = credentialLabel(c.credential);
  const head = `${who} → ${c.model}: got ${c.status}, expected ${want}`;
  const allowed =
    c.credential.kind === "tier" ? `[${(tiers[c.credential.tier]?.allowedModels ?? []).join(", ")}]` : "";
  switch (classify(c.status)) {
    case "ok":
      return c.credential.kind === "tier"
        ? `${head}: the tier reached a model outside its allowedModels ${allowed} (a cluster-wide or extra RoleBinding?)`
        : `${head}: the gateway let an unauthenticated request through (AuthPolicy not enforced on this route?)`;
    case "forbidden":
      return c.credential.kind === "tier"
        ? `${head}: refused although allowedModels ${allowed} lists it (RoleBinding missing, or the authorisation checks another resource)`
        : `${head}: an invalid token must fail authentication (401) before authorisation (403)`;
    case "unauthenticated":
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
    return c.status === want ? [] : [explain(c, want, tiers)];
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
    const cell = c.status === want ? `${c.status}` : `${c.status} (want ${want})`;
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
