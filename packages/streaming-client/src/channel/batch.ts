/**
 * Rows of one append call after encoding, with the offset tokens the caller gave.
 * `startOffsetToken` belongs to its first row, `endOffsetToken` to its last.
 */
export interface Chunk {
  readonly lines: readonly string[];
  readonly lineBytes: readonly number[];
  readonly startOffsetToken: string | undefined;
  readonly endOffsetToken: string | undefined;
  /** When the chunk entered the buffer (clock ms), for the lag timer. */
  readonly appendedAtMs: number;
}

/** Rows `from` (inclusive) to `to` (exclusive) of one chunk. */
export interface Segment {
  readonly chunk: Chunk;
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
}

/**
 * One append request's worth of rows. A batch is kept after it is sent until the service reports
 * it committed, so it can be replayed after a recovery.
 */
export interface Batch {
  readonly segments: readonly Segment[];
  readonly rows: number;
  /** Uncompressed NDJSON bytes. */
  readonly bytes: number;
  /** Token of the batch's first row, when the caller gave one for it. */
  readonly startOffsetToken: string | undefined;
  /** The last offset token the batch carries (what becomes the committed token once it commits). */
  readonly endOffsetToken: string | undefined;
}

function sumBytes(lineBytes: readonly number[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += lineBytes[i] as number;
  return n;
}

/** Makes a segment of `chunk` rows `[from, to)`. */
export function makeSegment(chunk: Chunk, from: number, to: number): Segment {
  return { chunk, from, to, bytes: sumBytes(chunk.lineBytes, from, to) };
}

/** Builds a batch from segments, deriving its offset tokens. */
export function makeBatch(segments: readonly Segment[]): Batch {
  let rows = 0;
  let bytes = 0;
  for (const s of segments) {
    rows += s.to - s.from;
    bytes += s.bytes;
  }
  const first = segments[0];
  const startOffsetToken = first && first.from === 0 ? first.chunk.startOffsetToken : undefined;
  let endOffsetToken: string | undefined;
  for (let i = segments.length - 1; i >= 0 && endOffsetToken === undefined; i--) {
    const s = segments[i] as Segment;
    if (s.to === s.chunk.lines.length) endOffsetToken = s.chunk.endOffsetToken;
  }
  return { segments, rows, bytes, startOffsetToken, endOffsetToken };
}

/** The batch's NDJSON text. */
export function batchText(batch: Batch): string {
  let text = '';
  for (const s of batch.segments) {
    for (let i = s.from; i < s.to; i++) text += s.chunk.lines[i] as string;
  }
  return text;
}

/** Splits a batch of two or more rows into two halves by row count (first half first). */
export function splitBatch(batch: Batch): [Batch, Batch] {
  const half = Math.floor(batch.rows / 2);
  const left: Segment[] = [];
  const right: Segment[] = [];
  let seen = 0;
  for (const s of batch.segments) {
    const n = s.to - s.from;
    if (seen + n <= half) left.push(s);
    else if (seen >= half) right.push(s);
    else {
      const cut = s.from + (half - seen);
      left.push(makeSegment(s.chunk, s.from, cut));
      right.push(makeSegment(s.chunk, cut, s.to));
    }
    seen += n;
  }
  return [makeBatch(left), makeBatch(right)];
}
