import { ndjsonBatches } from './ndjson-batches.js';
import type { ReadItem, ReaderOptions } from './read-item.js';

const NL = 0x0a;

/** Whole lines of NDJSON as read, not yet checked line by line. */
export interface UncheckedChunk {
  /** Discriminant. */
  readonly kind: 'unchecked';
  /** Complete lines, each ending in `\n`. */
  readonly ndjson: Buffer;
  /** Position (line number) of the first line. */
  readonly firstPosition: number;
  /** Position of the last line. */
  readonly lastPosition: number;
}

/**
 * The NDJSON fast path: yields each read cut at its last newline, as it is, with its line
 * numbers (one `indexOf` per line, no other look at the bytes), for the client's
 * `appendEncodedRows` to check. When the client refuses one (a blank, malformed or oversized
 * line), {@link recheckChunk} splits it line by line. A last line without a newline, and lines
 * joined across reads, are yielded as checked items.
 */
export async function* ndjsonChunks(
  chunks: AsyncIterable<Buffer>,
  options: ReaderOptions,
): AsyncGenerator<UncheckedChunk | ReadItem> {
  let line = options.firstPosition - 1;
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    const data = carry !== undefined ? Buffer.concat([carry, chunk]) : chunk;
    const end = data.lastIndexOf(NL) + 1;
    carry = end < data.length ? data.subarray(end) : undefined;
    if (end === 0) continue;
    let start = 0;
    let first = line + 1;
    for (let nl = data.indexOf(NL); nl !== -1 && nl < end; nl = data.indexOf(NL, nl + 1)) {
      line++;
      // Lines already committed are cut off the front.
      if (line <= options.resumeAfter) {
        start = nl + 1;
        first = line + 1;
      }
    }
    if (start < end) {
      yield {
        kind: 'unchecked',
        ndjson: data.subarray(start, end),
        firstPosition: first,
        lastPosition: line,
      };
    }
  }
  if (carry !== undefined) {
    yield* ndjsonBatches([carry], { ...options, firstPosition: line + 1 });
  }
}

/** Splits a chunk the client refused into checked batches and rejected lines. */
export function recheckChunk(
  chunk: UncheckedChunk,
  maxBatchBytes: number,
): AsyncGenerator<ReadItem> {
  return ndjsonBatches([chunk.ndjson], {
    firstPosition: chunk.firstPosition,
    resumeAfter: 0,
    maxBatchBytes,
  });
}
