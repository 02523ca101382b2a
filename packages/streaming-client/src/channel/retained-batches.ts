import type { Batch } from './batch.js';
import { compareOffsetTokens } from './offset-token.js';
import type { OffsetTokenComparator } from './offset-token.js';

/** A batch that was sent (or is in flight) and is not known to be committed yet. */
export interface RetainedBatch {
  readonly batch: Batch;
  readonly sentAtMs: number;
  /** Rows sent on this channel since it was last (re)opened, through this batch. */
  readonly rowsThrough: number;
}

/**
 * What a committed offset token reported by the service proves to this writer:
 * - `own`: it is the token this writer already vouched for, or the end token of one of its
 *   retained batches; the first `count` retained batches are committed;
 * - `regressed`: it is null or before the token this writer already vouched for (the channel was
 *   dropped and recreated, or the service lost its state);
 * - `foreign`: a token this writer never sent nor found at open (another writer committed).
 */
export type CommitMatch =
  | { readonly kind: 'own'; readonly count: number }
  | { readonly kind: 'regressed' }
  | { readonly kind: 'foreign' };

/**
 * Matches a committed offset token against this writer's own tokens: `confirmed` (found at open
 * or already proven) and the end tokens of `retained`, by equality, never by "compares higher"
 * (a higher token may be another writer's). When one token ends several retained batches, the
 * match goes only as far as `rowsParsedSinceOpen` supports (else the first: never confirm more
 * than is proven). Leading batches without an end token are confirmed by the parsed-row count.
 * Throws when the comparator cannot order the tokens (only asked to tell a regression).
 */
export function matchCommittedToken(
  retained: readonly RetainedBatch[],
  committed: string | null,
  confirmed: string | null,
  rowsParsedSinceOpen: number | undefined,
  comparator?: OffsetTokenComparator,
): CommitMatch {
  let count = 0;
  if (committed !== confirmed) {
    let first = -1;
    let byRows = -1;
    for (let i = 0; i < retained.length; i++) {
      const r = retained[i] as RetainedBatch;
      if (r.batch.endOffsetToken !== committed) continue;
      if (first < 0) first = i;
      if (rowsParsedSinceOpen !== undefined && r.rowsThrough <= rowsParsedSinceOpen) byRows = i;
    }
    if (first < 0) {
      if (committed === null) return { kind: 'regressed' };
      if (confirmed !== null && compareOffsetTokens(committed, confirmed, comparator) < 0)
        return { kind: 'regressed' };
      return { kind: 'foreign' };
    }
    count = Math.max(first, byRows) + 1;
  }
  if (rowsParsedSinceOpen !== undefined) {
    while (count < retained.length) {
      const r = retained[count] as RetainedBatch;
      if (r.batch.endOffsetToken !== undefined || r.rowsThrough > rowsParsedSinceOpen) break;
      count++;
    }
  }
  return { kind: 'own', count };
}

/** The offset range a list of batches covers, for errors that must say what was not delivered. */
export function offsetRange(batches: readonly Batch[]): {
  fromOffsetToken: string | null;
  toOffsetToken: string | null;
  rows: number;
} {
  let from: string | undefined;
  let to: string | undefined;
  let rows = 0;
  for (const b of batches) {
    from ??= b.startOffsetToken ?? b.endOffsetToken;
    if (b.endOffsetToken !== undefined) to = b.endOffsetToken;
    rows += b.rows;
  }
  return { fromOffsetToken: from ?? null, toOffsetToken: to ?? null, rows };
}
