/**
 * Tier tokens that expire during a run would turn every gateway check into a 401. Before the suites run, a
 * token that has expired or expires within the margin is re-minted through the TokenRequest API (the
 * TokenClient the stack's own TokenRequest provider uses: `kubectl create token` in the outputs' context), or
 * the run stops with one message telling the user to run `npm run up`.
 */
import type { StackOutputs, TokenOutput } from "../../../components/outputs/stack-outputs";
import type { TokenClient } from "../../../components/access/token-client";

/** Tokens expiring within this many seconds are re-minted first (the stack's own re-mint threshold). */
export const TOKEN_MARGIN_SECONDS = 600;

/** Tiers whose token has expired or expires within `marginSeconds` of `now`, with their expiry. */
export function tokensToRefresh(
  tokens: Readonly<Record<string, TokenOutput>>,
  now: number,
  marginSeconds = TOKEN_MARGIN_SECONDS,
): { readonly tier: string; readonly expiresAt: string; readonly expired: boolean }[] {
  return Object.entries(tokens)
    .filter(([, t]) => Date.parse(t.expiresAt) - marginSeconds * 1000 <= now)
    .map(([tier, t]) => ({ tier, expiresAt: t.expiresAt, expired: Date.parse(t.expiresAt) <= now }));
}

/** The outputs with fresh tokens for the tiers that need them; `log` tells what happened. Throws with the fix. */
export async function refreshTokens(
  outputs: StackOutputs,
  client: TokenClient,
  now: number,
  log: (line: string) => void = () => undefined,
  marginSeconds = TOKEN_MARGIN_SECONDS,
): Promise<StackOutputs> {
  const stale = tokensToRefresh(outputs.tokens, now, marginSeconds);
  if (stale.length === 0) return outputs;
  const what = stale.map((s) => `${s.tier} (${s.expired ? "expired" : "expires"} ${s.expiresAt})`).join(", ");
  log(`tokens of ${what}: re-minting through the TokenRequest API in context ${outputs.cluster.context}`);
  const tokens: Record<string, TokenOutput> = { ...outputs.tokens };
  for (const { tier } of stale) {
    const old = outputs.tokens[tier]!;
    try {
      const minted = await client.createToken({
        namespace: old.namespace,
        serviceAccount: old.serviceAccount,
        audience: old.audience,
        expirationSeconds: old.durationSeconds,
      });
      tokens[tier] = { ...old, token: minted.token, expiresAt: minted.expiresAt };
    } catch (err) {
      throw new Error(
        `the stack's tokens of ${what} are no longer usable, and re-minting them failed:\n` +
          `  ${(err as Error).message.split("\n").join("\n  ")}\n` +
          `Run \`npm run up\` (it re-mints tokens within 10 minutes of expiry), then run the tests again.`,
      );
    }
  }
  return { ...outputs, tokens };
}
