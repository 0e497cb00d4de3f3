/** Tokens kept within a budget, and their size. */
export interface KeptTokens {
  readonly tokens: string[];
  /** UTF-8 bytes of the kept tokens. */
  readonly bytes: number;
}

/**
 * The longest prefix of `tokens` with at most `maxTokens` tokens and `maxBytes` UTF-8 bytes. The whole
 * text's size is measured once; tokens are walked one by one only when it is over the byte budget.
 */
export function cutTokens(tokens: string[], maxTokens: number, maxBytes: number): KeptTokens {
  let kept = tokens.length > maxTokens ? tokens.slice(0, Math.max(0, maxTokens)) : tokens;
  const text = kept.join("");
  let bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) {
    bytes = 0;
    let count = 0;
    for (; count < kept.length; count++) {
      const size = Buffer.byteLength(kept[count]);
      if (bytes + size > maxBytes) break;
      bytes += size;
    }
    kept = kept.slice(0, count);
  }
  return { tokens: kept, bytes };
}
