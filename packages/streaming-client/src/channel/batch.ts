import type { BufferLease } from './buffer-pool.js';
import { endOfRows } from './row-ends.js';
import { callSplit, rowToken } from './split-tokens.js';

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
  /** Several calls collapsed into one piece (`sealBatch`): its tokens say nothing of inner rows. */
  readonly sealed?: true;
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
    sealed: true,
  };
  return { ...batch, pieces: [piece] };
}

/** Whether a piece may be cut inside: its tokens give every row's token, or it has none. */
function cuttable(p: Piece): ReturnType<typeof callSplit> | undefined {
  if (p.sealed) return undefined;
  const split = callSplit(p.rows, p.startOffsetToken, p.endOffsetToken);
  return split.kind === 'whole' ? undefined : split;
}

/** `p` cut after its first `k` rows (`p` is {@link cuttable}). */
function cutPiece(p: Piece, k: number, split: ReturnType<typeof callSplit>): [Piece, Piece] {
  const token = (i: number): string | undefined =>
    split.kind === 'tokens'
      ? rowToken(split, i, p.rows, p.startOffsetToken as string, p.endOffsetToken as string)
      : undefined;
  return [
    { rows: k, startOffsetToken: p.startOffsetToken, endOffsetToken: token(k - 1) },
    { rows: p.rows - k, startOffsetToken: token(k), endOffsetToken: p.endOffsetToken },
  ];
}

/**
 * Splits a batch of two or more rows into two parts (first part first), at a row boundary where
 * each part's last row has a known offset token: the boundary between two append calls nearest
 * the middle, or the middle itself when it falls inside a call whose tokens give every row's
 * token. Undefined when the batch is one call that cannot be cut (the caller sends it whole).
 * The parts are views of the same body: no bytes are copied.
 */
export function splitBatch(batch: Batch): [Batch, Batch] | undefined {
  const half = Math.floor(batch.rows / 2);
  let cut = 0;
  let inside: { index: number; k: number; split: ReturnType<typeof callSplit> } | undefined;
  let seen = 0;
  batch.pieces.forEach((p, index) => {
    if (seen > 0 && Math.abs(seen - half) < Math.abs(cut - half)) cut = seen;
    if (seen < half && half < seen + p.rows) {
      const split = cuttable(p);
      if (split) inside = { index, k: half - seen, split };
    }
    seen += p.rows;
  });
  let left: Piece[];
  let right: Piece[];
  if (inside) {
    const [a, b] = cutPiece(batch.pieces[inside.index] as Piece, inside.k, inside.split);
    left = [...batch.pieces.slice(0, inside.index), a];
    right = [b, ...batch.pieces.slice(inside.index + 1)];
    cut = half;
  } else {
    if (cut === 0) return undefined;
    let rows = 0;
    let i = 0;
    while (rows < cut) rows += (batch.pieces[i++] as Piece).rows;
    left = batch.pieces.slice(0, i);
    right = batch.pieces.slice(i);
  }
  const at = endOfRows(batch.data, cut);
  return [
    makeBatch(batch.data.subarray(0, at), left, batch.lease),
    makeBatch(batch.data.subarray(at), right, batch.lease),
  ];
}
