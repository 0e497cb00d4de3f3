/**
 * Log probabilities of generated tokens: synthetic, deterministic values with the reference's formula
 * (pkg/common/logprobs_utils.go @ main, calculateLogprob), so answers and their logprobs agree with it.
 * The chosen token at position `p` has −1 − 0.1·(p mod 3); its `j`-th alternative (j ≥ 1) is the token
 * with `_j` appended, 0.5·j lower. Every value is ≤ −1, and alternatives come in descending order after
 * the chosen token, which is always the most likely.
 */

/** The logprob of the token at `position` (`alternative` 0) or of its `alternative`-th alternative. */
export function tokenLogprob(position: number, alternative = 0): number {
  return -1 - (position % 3) * 0.1 - alternative * 0.5;
}

/** The text of the `alternative`-th alternative (≥ 1) of `token`. */
export function alternativeToken(token: string, alternative: number): string {
  return `${token}_${alternative}`;
}
