import { makeBatch } from './batch.js';
import type { Batch, Chunk, Piece } from './batch.js';
import { rowEnds } from './row-ends.js';

/** The rows a channel has accepted but not yet put into a request, in append order. */
export interface PendingBuffer {
  push(chunk: Chunk): void;
  /** Takes rows from the front until `maxBytes` would be passed (always at least one row). */
  take(maxBytes: number): Batch | undefined;
  /** Drops everything (channel failed or closed); returns the bytes dropped. */
  clear(): number;
  readonly bytes: number;
  readonly rows: number;
  /** When the oldest buffered row arrived, or undefined when empty. */
  oldestAppendAtMs(): number | undefined;
}

interface Entry {
  readonly chunk: Chunk;
  /** Row end offsets, computed only when a batch boundary falls inside this chunk. */
  ends?: Uint32Array;
}

/** First row index in `[from, rows)` whose end offset is past `limit` (`rows` when none is). */
function firstEndPast(ends: Uint32Array, from: number, rows: number, limit: number): number {
  let lo = from;
  let hi = rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] as number) > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Creates an empty {@link PendingBuffer}. Each taken batch is one `Buffer` (a view of a chunk when
 * it comes from one chunk, else one concatenation): that is the request body and what is retained.
 */
export function createPendingBuffer(): PendingBuffer {
  // A queue with a head index: Array#shift is a memmove once the array is large (one entry per
  // appendRow call can mean tens of thousands), which made take() quadratic.
  let entries: Array<Entry | undefined> = [];
  let head = 0;
  let cursorRow = 0; // first unsent row of entries[head]
  let cursorByte = 0; // its offset in the chunk's data
  let bytes = 0;
  let rows = 0;

  return {
    get bytes() {
      return bytes;
    },
    get rows() {
      return rows;
    },
    push(chunk) {
      if (chunk.rows === 0) return;
      entries.push({ chunk });
      rows += chunk.rows;
      bytes += chunk.data.byteLength;
    },
    take(maxBytes) {
      if (head === entries.length) return undefined;
      const parts: Buffer[] = [];
      const pieces: Piece[] = [];
      let size = 0;
      while (head < entries.length) {
        const entry = entries[head] as Entry;
        const { chunk } = entry;
        let endRow = chunk.rows;
        let endByte = chunk.data.byteLength;
        if (size + endByte - cursorByte > maxBytes) {
          entry.ends ??= rowEnds(chunk.data, chunk.rows);
          endRow = firstEndPast(entry.ends, cursorRow, chunk.rows, maxBytes - size + cursorByte);
          if (endRow === cursorRow && size === 0) endRow += 1; // always at least one row
          endByte = endRow > cursorRow ? (entry.ends[endRow - 1] as number) : cursorByte;
        }
        if (endRow > cursorRow) {
          const whole = cursorByte === 0 && endByte === chunk.data.byteLength;
          parts.push(whole ? chunk.data : chunk.data.subarray(cursorByte, endByte));
          pieces.push({
            rows: endRow - cursorRow,
            startOffsetToken: cursorRow === 0 ? chunk.startOffsetToken : undefined,
            endOffsetToken: endRow === chunk.rows ? chunk.endOffsetToken : undefined,
          });
          size += endByte - cursorByte;
        }
        if (endRow < chunk.rows) {
          cursorRow = endRow;
          cursorByte = endByte;
          break;
        }
        entries[head++] = undefined;
        cursorRow = 0;
        cursorByte = 0;
      }
      if (head === entries.length) {
        entries = [];
        head = 0;
      } else if (head >= 1024 && head * 2 >= entries.length) {
        entries = entries.slice(head);
        head = 0;
      }
      // One allocation per request body; a batch from a single chunk reuses its bytes.
      const data = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
      const batch = makeBatch(data, pieces);
      bytes -= batch.bytes;
      rows -= batch.rows;
      return batch;
    },
    clear() {
      const dropped = bytes;
      entries = [];
      head = 0;
      cursorRow = 0;
      cursorByte = 0;
      bytes = 0;
      rows = 0;
      return dropped;
    },
    oldestAppendAtMs: () => entries[head]?.chunk.appendedAtMs,
  };
}
