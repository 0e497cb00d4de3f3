/**
 * The tier × model access matrix of the report: what the tier-access suite got for each credential and model,
 * against what the outputs' allowedModels expect (the suite's own `expectedStatus`). Pure.
 */
import type { Credential } from "../lib/access";
import { credentialLabel, expectedStatus, statusAccepted } from "../lib/access";
import type { OutputsSummary, RequestRecord, RunResults } from "./results";

/** How a cell reads: an allowed model answered, a refusal that was expected, or anything unexpected. */
export type CellOutcome = "allowed" | "refused" | "unexpected" | "untested";

/** One cell of the matrix. */
export interface AccessCell {
  readonly model: string;
  /** The statuses it got (the last one decides), empty when untested. */
  readonly statuses: readonly (number | string)[];
  readonly expected: 200 | 401 | 403;
  readonly outcome: CellOutcome;
}

/** One row: a credential and its cells in the outputs' model order. */
export interface AccessRow {
  readonly label: string;
  readonly cells: readonly AccessCell[];
}

function credentialOf(r: RequestRecord): Credential {
  switch (r.credential) {
    case "tier":
      return { kind: "tier", tier: r.tier! };
    case "apiKey":
      return { kind: "apiKey", tier: r.tier! };
    case "none":
      return { kind: "none" };
    case "invalid":
      return { kind: "garbage" };
    case "invalidKey":
      return { kind: "garbageKey" };
  }
}

/**
 * The matrix: a row per tier (outputs' order), then no token and an invalid token; where the suite sent API
 * keys, a row per tier's key and one for a garbage key; a column per model.
 */
export function observedAccessMatrix(results: RunResults): AccessRow[] {
  const outputs: OutputsSummary = results.context.outputs;
  const tiers = Object.fromEntries(outputs.tiers.map((t) => [t.name, t]));
  const requests = results.requests.filter((r) => r.suite === "tier-access" && r.model !== undefined);
  const keys = requests.some((r) => r.credential === "apiKey" || r.credential === "invalidKey");
  const credentials: Credential[] = [
    ...outputs.tiers.map((t): Credential => ({ kind: "tier", tier: t.name })),
    { kind: "none" },
    { kind: "garbage" },
    ...(keys
      ? [
          ...outputs.tiers
            .filter((t) => requests.some((r) => r.credential === "apiKey" && r.tier === t.name))
            .map((t): Credential => ({ kind: "apiKey", tier: t.name })),
          { kind: "garbageKey" } as const,
        ]
      : []),
  ];
  return credentials.map((credential) => {
    const label = credentialLabel(credential);
    return {
      label,
      cells: outputs.models.map(({ name: model }) => {
        const got = requests
          .filter((r) => r.model === model && credentialLabel(credentialOf(r)) === label)
          .map((r) => r.status ?? r.error ?? "no answer");
        const expected = expectedStatus(tiers, credential, model);
        const last = got[got.length - 1];
        const accepted = typeof last === "number" && statusAccepted(tiers, credential, model, last);
        const outcome: CellOutcome =
          last === undefined ? "untested" : !accepted ? "unexpected" : last === 200 ? "allowed" : "refused";
        return { model, statuses: got, expected, outcome };
      }),
    };
  });
}
