import { channelError } from './channel-error.js';
import { rowTooLarge } from './encode-rows.js';
import { NEWLINE } from './row-ends.js';

// The line checks of rows that are already JSON (`appendEncodedRows`): each row one line that
// starts with `{` and ends with `}`.

/** Every MARK-th row's start offset is kept for an NDJSON block (see `blockRows`). */
export const MARK = 32;
export const CR = 13;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

/** `INVALID_ENCODED_ROW` for row `index`, saying why. */
export function invalid(index: number, reason: string): Error {
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
export function lineFault(data: Uint8Array, start: number, end: number): string | undefined {
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
export function scanLines(data: Buffer, maxRowBytes: number, marks?: number[]): number {
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

/** `ROW_COUNT_MISMATCH`: the input holds `lines` rows, the caller said `rowCount`. */
export function countMismatch(lines: number, rowCount: number): Error {
  return channelError(
    'ROW_COUNT_MISMATCH',
    `the encoded rows hold ${lines} lines, but rowCount says ${rowCount}`,
    { lines, rowCount },
  );
}
