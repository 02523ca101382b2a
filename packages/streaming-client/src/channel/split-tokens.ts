import { isIntegerOffsetToken } from './offset-token.js';

/**
 * How an append call's rows may be cut into several requests without breaking resumption: a
 * request that commits must move the committed offset token to its own last row, so every piece
 * needs the token of its last row.
 * - `tokens`: integer start and end tokens whose range matches the row count (row i has token
 *   start + i);
 * - `free`: the call carries no token at all (nothing to leave behind; such rows are not
 *   positioned by tokens anyway);
 * - `whole`: the call must go in one request.
 */
export type CallSplit =
  | { readonly kind: 'tokens'; readonly start: bigint }
  | { readonly kind: 'free' }
  | { readonly kind: 'whole' };

/** Decides {@link CallSplit} for a call of `rows` rows with these tokens. */
export function callSplit(
  rows: number,
  start: string | undefined,
  end: string | undefined,
): CallSplit {
  if (start === undefined && end === undefined) return { kind: 'free' };
  if (start === undefined || end === undefined) return { kind: 'whole' };
  if (!isIntegerOffsetToken(start) || !isIntegerOffsetToken(end)) return { kind: 'whole' };
  const first = BigInt(start);
  return BigInt(end) - first + 1n === BigInt(rows)
    ? { kind: 'tokens', start: first }
    : { kind: 'whole' };
}

/**
 * The offset token of row `index` (0-based) of a call whose integer tokens start at `start`.
 * `startToken`/`endToken` are returned as given for the first and last row (keeping the caller's
 * spelling, e.g. leading zeros).
 */
export function rowToken(
  split: { readonly start: bigint },
  index: number,
  rows: number,
  startToken: string,
  endToken: string,
): string {
  if (index === 0) return startToken;
  if (index === rows - 1) return endToken;
  return String(split.start + BigInt(index));
}
