import type { BufferLease } from './buffer-pool.js';
import { endOfRows } from './row-ends.js';

/**
 * A run of consecutive rows of a batch that came from one append call. Only the tokens are kept (not
 * the rows): they say which offset tokens each half carries when a batch must be split.
 */
export interface Piece {
  readonly rows: number;
  /** The call's start token, when the piece begins at the call's first row. */
  readonly startOffsetToken: string | undefined;
  /** The call's end token, when the piece ends at the call's last row. */
  readonly endOffsetToken: string | undefined;
}

/**
 * One append request's worth of rows. A batch is kept after it is sent until the service reports
 * it committed, so it can be replayed after a recovery.
 */
export interface Batch {
  /** Uncompressed NDJSON body: a region of a pooled body buffer (see {@link Batch.lease}). */
  readonly data: Buffer;
  /**
   * The pooled buffer `data` lives in: its bytes are released when the batch commits, and the
   * buffer is reused once all of them are. Absent for bodies that own their memory.
   */
  readonly lease?: BufferLease | undefined;
  /** Where the chunks' offset tokens sit inside `data`, in order. */
  readonly pieces: readonly Piece[];
  readonly rows: number;
  /** Uncompressed NDJSON bytes (`data.byteLength`). */
  readonly bytes: number;
  /** Token of the batch's first row, when the caller gave one for it. */
  readonly startOffsetToken: string | undefined;
  /** The last offset token the batch carries (what becomes the committed token once it commits). */
  readonly endOffsetToken: string | undefined;
  /**
   * The check deferred from append time, for rows taken unread on the caller's count
   * (`UncheckedRows`): run right before the batch is first sent.
   */
  readonly check?: (() => void) | undefined;
}

/**
 * Builds a batch from its body and pieces, deriving its row count and offset tokens; `check` is the
 * deferred check of rows taken unread.
 */
export function makeBatch(
  data: Buffer,
  pieces: readonly Piece[],
  lease?: BufferLease,
  check?: () => void,
): Batch {
  let rows = 0;
  for (const p of pieces) rows += p.rows;
  const startOffsetToken = pieces[0]?.startOffsetToken;
  let endOffsetToken: string | undefined;
  for (let i = pieces.length - 1; i >= 0 && endOffsetToken === undefined; i--) {
    endOffsetToken = (pieces[i] as Piece).endOffsetToken;
  }
  const bytes = data.byteLength;
  return { data, pieces, rows, bytes, startOffsetToken, endOffsetToken, lease, check };
}

/**
 * The batch as it is kept once sent: inner pieces collapse into one, so a retained batch holds
 * its body and two tokens whatever the number of append calls it carries. (A replay re-sends the
 * same body, which fitted before, so it needs no inner tokens to split again.)
 */
export function sealBatch(batch: Batch): Batch {
  if (batch.pieces.length <= 1) return batch;
  const piece: Piece = {
    rows: batch.rows,
    startOffsetToken: batch.startOffsetToken,
    endOffsetToken: batch.endOffsetToken,
  };
  return { ...batch, pieces: [piece] };
}

/**
 * Splits a batch of two or more rows into two halves by row count (first half first), at a row
 * boundary. The halves are views of the same body: no bytes are copied.
 */
export function splitBatch(batch: Batch): [Batch, Batch] {
  const half = Math.floor(batch.rows / 2);
  const left: Piece[] = [];
  const right: Piece[] = [];
  let seen = 0;
  for (const p of batch.pieces) {
    const n = p.rows;
    if (seen + n <= half) left.push(p);
    else if (seen >= half) right.push(p);
    else {
      left.push({
        rows: half - seen,
        startOffsetToken: p.startOffsetToken,
        endOffsetToken: undefined,
      });
      right.push({
        rows: seen + n - half,
        startOffsetToken: undefined,
        endOffsetToken: p.endOffsetToken,
      });
    }
    seen += n;
  }
  const cut = endOfRows(batch.data, half);
  return [
    makeBatch(batch.data.subarray(0, cut), left, batch.lease),
    makeBatch(batch.data.subarray(cut), right, batch.lease),
  ];
}
