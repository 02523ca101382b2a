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
 * The NDJSON fast path: gathers reads into pieces of whole lines between half a batch and one
 * batch (`maxBatchBytes`), counting lines with one `indexOf` each and looking at nothing else,
 * for the client's `appendEncodedRows` to check. A piece that size is sent by the client as a
 * request of its own, so the piece's end token is exactly the last line committed with it. When
 * the client refuses a piece (a blank, malformed or oversized line), {@link recheckChunk} splits
 * it line by line. A line longer than a batch, and the last line without a newline, go through
 * the line-by-line reader.
 */
export async function* ndjsonChunks(
  chunks: AsyncIterable<Buffer>,
  options: ReaderOptions,
): AsyncGenerator<UncheckedChunk | ReadItem> {
  const cap = options.maxBatchBytes;
  let line = options.firstPosition - 1;
  let parts: Buffer[] = [];
  let held = 0;

  function* cut(final: boolean): Generator<UncheckedChunk | ReadItem, void, undefined> {
    let data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    held = 0;
    while (data.length >= cap / 2 || (final && data.length > 0)) {
      const end = data.lastIndexOf(NL, Math.min(data.length, cap) - 1) + 1;
      if (end === 0) break;
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
      data = data.subarray(end);
    }
    if (data.length > 0) {
      parts = [data];
      held = data.length;
    }
  }

  for await (const chunk of chunks) {
    parts.push(chunk);
    held += chunk.length;
    if (held >= cap) yield* cut(false);
  }
  yield* cut(true);
  // What is left has no newline in a whole batch, or no newline at all: line by line.
  if (held > 0) yield* ndjsonBatches(parts, { ...options, firstPosition: line + 1 });
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
