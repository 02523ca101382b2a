import { channelError } from './channel-error.js';
import { rowTooLarge } from './encode-rows.js';
import type { EncodedRows } from './encode-rows.js';
import { asBuffer, NEWLINE, nextRowEnd } from './row-ends.js';

/**
 * Rows that are already JSON: one NDJSON text (a `string` or bytes, one row per line, the last
 * newline optional), or one row's JSON per array item (a Kafka message value, a log line).
 */
export type EncodedRowsInput = string | Uint8Array | readonly (string | Uint8Array)[];

/** Every MARK-th row's start offset is kept for an NDJSON block (see `blockRows`). */
const MARK = 32;
const CR = 13;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function invalid(index: number, reason: string): Error {
  return channelError(
    'INVALID_ENCODED_ROW',
    `encoded row ${index} ${reason}; each row must be one JSON object on its own line`,
    { rowIndex: index },
  );
}

/**
 * Why the line `[start, end)` (newline excluded) is not one JSON object, or undefined when it
 * starts with `{` and ends with `}` (a CR before the newline tolerated).
 */
function lineFault(data: Uint8Array, start: number, end: number): string | undefined {
  let last = end - 1;
  if (last >= start && data[last] === CR) last -= 1; // tolerate CRLF line ends
  if (last < start) return 'is an empty line';
  if (data[start] !== OPEN_BRACE || data[last] !== CLOSE_BRACE) {
    return "does not start with '{' and end with '}'";
  }
  return undefined;
}

/**
 * Checks every line of `data` (see {@link lineFault}; each under `maxRowBytes`) and counts them;
 * every MARK-th row's start goes into `marks` when given.
 */
function scanLines(data: Buffer, maxRowBytes: number, marks?: number[]): number {
  // Only every MARK-th row's start is kept (an offset per row cost more in garbage than the scan
  // itself); writes go in row order, so a cursor finds the next row, and the marks bound the
  // rescan when a buffer's end falls inside the rows.
  let n = 0;
  let pos = 0;
  const length = data.length;
  while (pos < length) {
    if (marks !== undefined && (n & (MARK - 1)) === 0) marks.push(pos);
    let end = data.indexOf(NEWLINE, pos);
    if (end < 0) end = length;
    // The common case inline (this loop is the client's main per-row cost for ready JSON): a row
    // that starts with `{` and ends with `}` right before its newline.
    if (data[pos] !== OPEN_BRACE || data[end - 1] !== CLOSE_BRACE) {
      const fault = lineFault(data, pos, end);
      if (fault !== undefined) throw invalid(n, fault);
    }
    if (end - pos >= maxRowBytes) throw rowTooLarge(n, end - pos + 1, maxRowBytes);
    n++;
    pos = end + 1;
  }
  return n;
}

function countMismatch(lines: number, rowCount: number): Error {
  return channelError(
    'ROW_COUNT_MISMATCH',
    `the encoded rows hold ${lines} lines, but rowCount says ${rowCount}`,
    { lines, rowCount },
  );
}

/**
 * One NDJSON text: rows are its lines. `owned`: the client may keep and send `input` itself.
 * `rowCount`: the caller's count, which must match.
 */
function blockRows(
  data: Buffer,
  maxRowBytes: number,
  owned: boolean,
  rowCount?: number,
): EncodedRows {
  const marks: number[] = [];
  const n = scanLines(data, maxRowBytes, marks);
  if (rowCount !== undefined && n !== rowCount) throw countMismatch(n, rowCount);
  const endsInNewline = data.length > 0 && data[data.length - 1] === NEWLINE;
  const bytes = data.length + (n > 0 && !endsInNewline ? 1 : 0);
  let cursorRow = 0;
  let cursorByte = 0;
  /** Moves the cursor to row `row` (forward from it, or from the start when `row` is behind). */
  const seek = (row: number): number => {
    const k = Math.floor(row / MARK);
    if (row < cursorRow || k * MARK > cursorRow) {
      cursorRow = k * MARK;
      cursorByte = marks[k] as number;
    }
    while (cursorRow < row) {
      cursorByte = nextRowEnd(data, cursorByte);
      cursorRow++;
    }
    return cursorByte;
  };
  /** End of row `row`'s line (its newline's offset, or the end of the data). */
  const lineEnd = (start: number): number => {
    const nl = data.indexOf(NEWLINE, start);
    return nl < 0 ? data.length : nl;
  };
  /**
   * The whole rows from `fromRow` on that fit in `room` bytes (one newline after each): their
   * first byte and the end of the last one's line (newline excluded); moves the cursor past them.
   */
  const fit = (fromRow: number, room: number): { first: number; last: number; rows: number } => {
    const first = seek(fromRow);
    let last: number;
    let rows: number;
    if (bytes - first <= room) {
      // Everything left fits: no scan.
      last = endsInNewline ? data.length - 1 : data.length;
      rows = n - fromRow;
    } else {
      // Jump to the furthest marked row that still starts within the room, then go row by row.
      const firstMark = Math.floor(fromRow / MARK) + 1;
      let lo = firstMark;
      let hi = marks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((marks[mid] as number) - first <= room) lo = mid + 1;
        else hi = mid;
      }
      let next = lo > firstMark ? (lo - 1) * MARK : fromRow; // first row not yet known to fit
      let start = lo > firstMark ? (marks[lo - 1] as number) : first;
      while (next < n) {
        const end = lineEnd(start);
        if (end + 1 - first > room) break;
        next++;
        start = end + 1;
      }
      rows = next - fromRow;
      last = start - 1;
    }
    if (rows > 0) {
      cursorRow = fromRow + rows;
      cursorByte = last + 1;
    }
    return { first, last, rows };
  };
  return {
    rows: n,
    bytes,
    rowBytes: (i) => {
      const start = seek(i);
      return lineEnd(start) - start + 1;
    },
    writeInto(target, offset, limit, fromRow) {
      const { first, last, rows } = fit(fromRow, limit - offset);
      if (rows === 0) return { rows: 0, bytes: 0 };
      data.copy(target, offset, first, last);
      target[offset + last - first] = NEWLINE; // the input's own newline, or the missing last one
      return { rows, bytes: last - first + 1 };
    },
    // Without its last newline the input is not the rows' exact bytes: those must be copied.
    viewRows:
      owned && endsInNewline
        ? (fromRow, maxBytes) => {
            const { first, last, rows } = fit(fromRow, maxBytes);
            return rows === 0 ? undefined : { data: data.subarray(first, last + 1), rows };
          }
        : undefined,
  };
}

/**
 * An NDJSON text taken on the caller's row count without reading its lines: they are checked
 * later, right before the batch is sent (`unchecked.check`). Undefined when it cannot be taken
 * so: it must end in a newline and fill half a batch to one batch (`maxBatchBytes`), so that it is
 * sent as one batch of its own, and its first and last rows must look like rows (a cheap guard
 * against the wrong kind of input; anything else gets the full check now, naming the row).
 */
function deferredBlock(
  data: Buffer,
  maxRowBytes: number,
  rowCount: number,
  maxBatchBytes: number,
): EncodedRows | undefined {
  const length = data.length;
  if (rowCount === 0 || length < maxBatchBytes / 2 || length > maxBatchBytes) return undefined;
  if (data[length - 1] !== NEWLINE) return undefined;
  // The last row's closing brace sits right before the final newline (or its CR).
  const last = data[length - 2] === CR ? length - 3 : length - 2;
  if (data[0] !== OPEN_BRACE || data[last] !== CLOSE_BRACE) return undefined;
  let checked = false;
  let scanned: EncodedRows | undefined;
  // Never used by the channel, which sends these rows as they are: read and checked on demand.
  const full = (): EncodedRows => (scanned ??= blockRows(data, maxRowBytes, true, rowCount));
  return {
    rows: rowCount,
    bytes: length,
    rowBytes: (index) => full().rowBytes(index),
    writeInto: (target, offset, limit, fromRow) => full().writeInto(target, offset, limit, fromRow),
    viewRows: (fromRow, maxBytes) => full().viewRows?.(fromRow, maxBytes),
    unchecked: {
      data,
      check: () => {
        if (checked) return;
        const lines = scanLines(data, maxRowBytes);
        if (lines !== rowCount) throw countMismatch(lines, rowCount);
        checked = true;
      },
    },
  };
}

/** One row per item. */
function itemRows(items: readonly (string | Uint8Array)[], maxRowBytes: number): EncodedRows {
  const n = items.length;
  const sizes = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i];
    // The same checks for text and bytes: `{` and `}` are ASCII, so chars and bytes agree.
    let hasNewline: boolean;
    let head: number | undefined;
    let tail: number | undefined;
    let size: number;
    if (typeof item === 'string') {
      hasNewline = item.includes('\n');
      head = item.charCodeAt(0);
      tail = item.charCodeAt(item.length - 1);
      size = Buffer.byteLength(item, 'utf8');
    } else if (item instanceof Uint8Array) {
      hasNewline = asBuffer(item).indexOf(NEWLINE) >= 0;
      head = item[0];
      tail = item[item.length - 1];
      size = item.length;
    } else {
      throw channelError(
        'INVALID_ENCODED_ROW',
        `encoded row ${i} must be a string or a Uint8Array, got ${item === null ? 'null' : typeof item}`,
        { rowIndex: i },
      );
    }
    if (hasNewline) throw invalid(i, 'contains a newline');
    if (size === 0) throw invalid(i, 'is empty');
    if (head !== OPEN_BRACE || tail !== CLOSE_BRACE) {
      throw invalid(i, "does not start with '{' and end with '}'");
    }
    if (size + 1 > maxRowBytes) throw rowTooLarge(i, size + 1, maxRowBytes);
    sizes[i] = size + 1;
    total += size + 1;
  }
  return {
    rows: n,
    bytes: total,
    rowBytes: (i) => sizes[i] as number,
    writeInto(target, offset, limit, fromRow) {
      let pos = offset;
      let i = fromRow;
      while (i < n && pos + (sizes[i] as number) <= limit) {
        const item = items[i] as string | Uint8Array;
        if (typeof item === 'string') pos += target.write(item, pos, 'utf8');
        else pos += asBuffer(item).copy(target, pos);
        target[pos++] = NEWLINE;
        i++;
      }
      return { rows: i - fromRow, bytes: pos - offset };
    },
  };
}

/** Options of `appendEncodedRows`. */
export interface AppendEncodedOptions {
  /**
   * `false` lets the client keep and send the caller's bytes as they are instead of copying them
   * into its own request buffers: the caller must then not modify them until they are committed
   * (`waitForCommit`), or the service may receive the changed bytes (a replay after a recovery
   * re-sends them too). Applies to NDJSON given as one `Uint8Array` or `string` that ends in a
   * newline (for a string it is always safe: the client encodes it into bytes of its own). The
   * client uses the bytes in place only when they fill at least half a batch (`maxBatchBytes`):
   * such an append is sent as batches of its own rather than sharing one with the rows before
   * or after it. Smaller ones are copied into a batch with other rows as usual.
   * @default true
   */
  copy?: boolean;
  /**
   * How many rows the input holds, when you know it (for instance the records you encoded). The
   * client holds you to it: a different number of lines fails with `ROW_COUNT_MISMATCH`.
   *
   * With `copy: false` it also spares the client a pass over your bytes. An NDJSON `Uint8Array` or
   * `string` that ends in a newline and fills half a batch to one batch (`maxBatchBytes`) is then
   * not read when you append it: its lines are counted and checked right before they are sent, as
   * one batch of their own, when the socket write is about to read the same bytes (about 10 % more
   * rows per second end to end in the benchmark). A malformed row, an oversized one or a wrong
   * count is then found at that point: **nothing of that batch is sent and the channel fails**
   * (`INVALID_ENCODED_ROW`, `ROW_TOO_LARGE` or `ROW_COUNT_MISMATCH`, the details naming its offset
   * tokens; reopen the channel and resume from its committed offset token), instead of the append
   * call rejecting. Any other append is checked when you make it, as without `rowCount`.
   */
  rowCount?: number;
}

/**
 * Takes rows that are already JSON without parsing them: each must be one line that starts with
 * `{` and ends with `}` (a cheap check that catches a wrong framing, a blank line or a stray
 * newline, naming the row's index). Whether each line is valid JSON is left to the service, which
 * counts rows it cannot parse in the channel's `rowsErrorCount`. Rows are copied when the
 * pending buffer takes them, so the caller may reuse its buffers once the append resolves, unless
 * `options.copy` is `false` (see {@link AppendEncodedOptions}).
 */
export function encodeNdjson(
  input: EncodedRowsInput,
  maxRowBytes: number,
  options?: AppendEncodedOptions,
  maxBatchBytes = Number.POSITIVE_INFINITY,
): EncodedRows {
  const copy = options?.copy ?? true;
  if (typeof copy !== 'boolean') {
    throw new TypeError(`options.copy must be a boolean, got ${typeof copy}`);
  }
  const rowCount = options?.rowCount;
  if (rowCount !== undefined && !(Number.isSafeInteger(rowCount) && rowCount >= 0)) {
    const got = typeof rowCount === 'number' ? String(rowCount) : typeof rowCount;
    throw new TypeError(`options.rowCount must be a non-negative integer, got ${got}`);
  }
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : asBuffer(input);
    const deferred =
      !copy && rowCount !== undefined
        ? deferredBlock(data, maxRowBytes, rowCount, maxBatchBytes)
        : undefined;
    return deferred ?? blockRows(data, maxRowBytes, !copy, rowCount);
  }
  if (Array.isArray(input)) {
    const encoded = itemRows(input as readonly (string | Uint8Array)[], maxRowBytes);
    if (rowCount !== undefined && encoded.rows !== rowCount) {
      throw countMismatch(encoded.rows, rowCount);
    }
    return encoded;
  }
  throw new TypeError(
    'encoded rows must be an NDJSON string, a Uint8Array, or an array of strings or Uint8Arrays',
  );
}
