/**
 * The reference simulator's token model: a token is a run of ASCII word characters or a single
 * punctuation mark, with the whitespace after it attached. Counts from here are what `usage` reports,
 * and what gateways' token rate limits read.
 *
 * Where the reference drops a character (an apostrophe in v0.5.1, `|`, a backtick, any non-ASCII
 * letter), we make it a token of its own instead: otherwise a non-English prompt would count as zero
 * tokens and slip past token limits, and echo could not return the text unchanged. For ASCII text of
 * letters, digits and the reference's punctuation the counts are identical.
 */

// One token: a listed punctuation mark, an ASCII word run, or any other single non-space character.
const TOKEN = /(?:[{}:,\-.?!;@#$%^&*()+_~/\\><[\]="]|[A-Za-z0-9_]+|[^\sA-Za-z0-9_])\s*/gu;
const LEADING_SPACE = /^\s*/;

/** How many tokens the text has. */
export function countTokens(text: string): number {
  TOKEN.lastIndex = 0;
  let count = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}

/**
 * The text's tokens, each with the whitespace that follows it; joining them gives the text back exactly
 * (leading whitespace belongs to the first token).
 */
export function splitTokens(text: string): string[] {
  const tokens = text.match(TOKEN) ?? [];
  if (tokens.length > 0) {
    const leading = LEADING_SPACE.exec(text)?.[0] ?? "";
    if (leading !== "") tokens[0] = leading + tokens[0];
  }
  return tokens;
}

/** A stable token id for `/tokenize`: the 32-bit FNV-1a hash of the token's text. */
export function tokenId(token: string): number {
  let hash = 0x811c9dc5;
  const text = token.trimEnd();
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
