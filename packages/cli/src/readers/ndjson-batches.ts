import { MAX_REJECTED_TEXT } from './read-item.js';
import type { ReadItem, ReaderOptions } from './read-item.js';

const NL = 0x0a;
const CR = 0x0d;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === CR;
}

/**
 * Cuts NDJSON bytes into batches of whole lines without parsing them: each line is only checked
 * to start with `{` and end with `}` (after trimming spaces and a `\r`), which is what
 * `appendEncodedRows` requires; whether it is valid JSON is the service's to judge. Blank lines
 * are skipped. A line that fails the check, or is longer than a batch, is yielded as rejected.
 * Runs of good lines are copied into the batch buffer with one copy each.
 */
export async function* ndjsonBatches(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: ReaderOptions,
): AsyncGenerator<ReadItem> {
  const cap = options.maxBatchBytes;
  let out = Buffer.allocUnsafe(cap);
  let used = 0;
  let rows = 0;
  let first = 0;
  let last = 0;
  let line = options.firstPosition - 1;
  let carry: Buffer | undefined;

  function* flush(): Generator<ReadItem> {
    if (rows === 0) return;
    yield {
      kind: 'encoded',
      ndjson: out.subarray(0, used),
      rowCount: rows,
      firstPosition: first,
      lastPosition: last,
    };
    // The client may keep the bytes until they commit (`copy: false`), so never reuse them.
    out = Buffer.allocUnsafe(cap);
    used = 0;
    rows = 0;
  }

  function* take(buf: Buffer, start: number, end: number): Generator<ReadItem> {
    line++;
    if (line <= options.resumeAfter) return;
    let a = start;
    let b = end;
    while (a < b && isSpace(buf[a])) a++;
    while (b > a && isSpace(buf[b - 1])) b--;
    if (a === b) return;
    const length = b - a;
    if (buf[a] !== OPEN || buf[b - 1] !== CLOSE || length + 1 > cap) {
      yield* flush();
      const reason =
        length + 1 > cap
          ? `row of ${length} bytes is larger than a request (${cap} bytes)`
          : 'not a JSON object on one line (must start with { and end with })';
      const text = buf.toString('utf8', a, Math.min(b, a + MAX_REJECTED_TEXT));
      yield { kind: 'rejected', position: line, text, reason };
      return;
    }
    if (used + length + 1 > cap) yield* flush();
    if (rows === 0) first = line;
    buf.copy(out, used, a, b);
    used += length;
    out[used++] = NL;
    rows++;
    last = line;
  }

  // A line longer than a batch cannot be sent; past this much it is not even kept in memory.
  const holdLimit = cap + MAX_REJECTED_TEXT;
  let oversized: string | undefined;
  for await (const chunk of chunks) {
    const buf = chunk;
    let pos = 0;
    if (oversized !== undefined || carry !== undefined) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        if (oversized === undefined) carry = Buffer.concat([carry!, chunk]);
        if (carry !== undefined && carry.length > holdLimit) {
          oversized = carry.toString('utf8', 0, MAX_REJECTED_TEXT);
          carry = undefined;
        }
        continue;
      }
      if (oversized !== undefined) {
        line++;
        if (line > options.resumeAfter) {
          yield* flush();
          const reason = `row is larger than a request (${cap} bytes)`;
          yield { kind: 'rejected', position: line, text: oversized, reason };
        }
        oversized = undefined;
      } else {
        const joined = Buffer.concat([carry!, chunk.subarray(0, nl)]);
        carry = undefined;
        yield* take(joined, 0, joined.length);
      }
      pos = nl + 1;
    }
    for (let nl = buf.indexOf(NL, pos); nl !== -1; nl = buf.indexOf(NL, pos)) {
      yield* take(buf, pos, nl);
      pos = nl + 1;
    }
    if (pos < buf.length) carry = buf.subarray(pos);
  }
  if (oversized !== undefined) {
    line++;
    if (line > options.resumeAfter) {
      yield* flush();
      yield {
        kind: 'rejected',
        position: line,
        text: oversized,
        reason: `row is larger than a request (${cap} bytes)`,
      };
    }
  }
  if (carry !== undefined && carry.length > 0) yield* take(carry, 0, carry.length);
  yield* flush();
}
