import type { Row } from '@snowpipe/streaming-client';

/** Rows that are already NDJSON, checked for framing, ready for `appendEncodedRows`. */
export interface EncodedBatch {
  /** Discriminant. */
  readonly kind: 'encoded';
  /** One row per line, each line ending in `\n`. */
  readonly ndjson: Buffer;
  /** Lines in `ndjson`. */
  readonly rowCount: number;
  /** Position (line number) of the first row. */
  readonly firstPosition: number;
  /** Position of the last row. */
  readonly lastPosition: number;
}

/** Parsed rows (CSV records, JSON array elements), ready for `appendRows`. */
export interface RowsBatch {
  /** Discriminant. */
  readonly kind: 'rows';
  /** The rows, in input order. */
  readonly rows: Row[];
  /** Position (line number or element index) of the first row. */
  readonly firstPosition: number;
  /** Position of the last row. */
  readonly lastPosition: number;
}

/** An input row that cannot be sent, with where it was and why. */
export interface RejectedItem {
  /** Discriminant. */
  readonly kind: 'rejected';
  /** Line number (NDJSON, CSV) or element index (JSON). */
  readonly position: number;
  /** The row's text as read (cut to 64 KiB). */
  readonly text: string;
  /** What is wrong with it. */
  readonly reason: string;
}

/** What a reader yields, in input order. */
export type ReadItem = EncodedBatch | RowsBatch | RejectedItem;

/** Options every reader takes. */
export interface ReaderOptions {
  /** Position of the first line or element in the bytes (above 1 for a later range of a file). */
  firstPosition: number;
  /** Skip every row at or before this position (the channel's committed offset token); 0 skips none. */
  resumeAfter: number;
  /** Largest batch, in bytes of NDJSON (or an estimate for parsed rows). */
  maxBatchBytes: number;
}

/** Longest text of a rejected row kept for the report and the rejects file. */
export const MAX_REJECTED_TEXT = 64 * 1024;
