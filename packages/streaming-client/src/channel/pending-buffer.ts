import { makeBatch, makeSegment } from './batch.js';
import type { Batch, Chunk, Segment } from './batch.js';

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

/** Creates an empty {@link PendingBuffer}. */
export function createPendingBuffer(): PendingBuffer {
  const chunks: Chunk[] = [];
  let cursor = 0; // first unsent row of chunks[0]
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
      if (chunk.lines.length === 0) return;
      chunks.push(chunk);
      rows += chunk.lines.length;
      for (const b of chunk.lineBytes) bytes += b;
    },
    take(maxBytes) {
      if (chunks.length === 0) return undefined;
      const segments: Segment[] = [];
      let size = 0;
      while (chunks.length > 0) {
        const chunk = chunks[0] as Chunk;
        let end = cursor;
        while (end < chunk.lines.length) {
          const b = chunk.lineBytes[end] as number;
          if (size + b > maxBytes && (size > 0 || end > cursor)) break;
          size += b;
          end++;
        }
        if (end > cursor) segments.push(makeSegment(chunk, cursor, end));
        if (end < chunk.lines.length) {
          cursor = end;
          break;
        }
        chunks.shift();
        cursor = 0;
      }
      const batch = makeBatch(segments);
      bytes -= batch.bytes;
      rows -= batch.rows;
      return batch;
    },
    clear() {
      const dropped = bytes;
      chunks.length = 0;
      cursor = 0;
      bytes = 0;
      rows = 0;
      return dropped;
    },
    oldestAppendAtMs: () => chunks[0]?.appendedAtMs,
  };
}
