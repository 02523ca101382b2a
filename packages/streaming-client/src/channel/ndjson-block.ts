import type { EncodedRows } from './encode-rows.js';
import { countMismatch, MARK, scanLines } from './ndjson-lines.js';
import { NEWLINE, nextRowEnd } from './row-ends.js';

/**
 * One NDJSON text: rows are its lines. `owned`: the client may keep and send `data` itself.
 * `rowCount`: the caller's count, which must match.
 */
export function blockRows(
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
