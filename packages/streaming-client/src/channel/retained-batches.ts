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

/** What the service says is committed on a channel. */
export interface CommitMark {
  readonly latestCommittedOffsetToken: string | null;
  /** Rows parsed since the channel was (re)opened by us (cumulative server count minus baseline). */
  readonly rowsParsedSinceOpen?: number | undefined;
}

/**
 * How many leading batches are committed according to the committed offset token: everything up
 * to the last batch whose end token is at or before it (commits happen in order, so earlier
 * batches without tokens are committed too). Throws when the comparator cannot order the tokens.
 */
export function committedByToken(
  retained: readonly RetainedBatch[],
  committed: string | null,
  comparator?: OffsetTokenComparator,
): number {
  if (committed === null) return 0;
  for (let i = retained.length - 1; i >= 0; i--) {
    const end = (retained[i] as RetainedBatch).batch.endOffsetToken;
    if (end !== undefined && compareOffsetTokens(end, committed, comparator) <= 0) return i + 1;
  }
  return 0;
}

/** How many leading batches are committed according to the server's parsed-row count. */
export function committedByRows(
  retained: readonly RetainedBatch[],
  rowsParsed: number | undefined,
): number {
  if (rowsParsed === undefined) return 0;
  let n = 0;
  while (n < retained.length && (retained[n] as RetainedBatch).rowsThrough <= rowsParsed) n++;
  return n;
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
