import type { UncheckedRows } from './encode-rows.js';
import { CLOSE_BRACE, countMismatch, CR, OPEN_BRACE, scanLines } from './ndjson-lines.js';
import { NEWLINE } from './row-ends.js';

/**
 * An NDJSON text taken on the caller's row count without reading its lines: they are checked
 * later, right before the batch is sent (`check`). Undefined when it cannot be taken so: it must
 * end in a newline and fill half a batch to one batch (`maxBatchBytes`), so that it is sent as
 * one batch of its own, and its first and last rows must look like rows (a cheap guard against
 * the wrong kind of input; anything else gets the full check now, naming the row).
 */
export function unreadBlock(
  data: Buffer,
  maxRowBytes: number,
  rowCount: number,
  maxBatchBytes: number,
): UncheckedRows | undefined {
  const length = data.length;
  if (rowCount === 0 || length < maxBatchBytes / 2 || length > maxBatchBytes) return undefined;
  if (data[length - 1] !== NEWLINE) return undefined;
  // The last row's closing brace sits right before the final newline (or its CR).
  const last = data[length - 2] === CR ? length - 3 : length - 2;
  if (data[0] !== OPEN_BRACE || data[last] !== CLOSE_BRACE) return undefined;
  let checked = false;
  return {
    rows: rowCount,
    bytes: length,
    data,
    check: () => {
      if (checked) return;
      const lines = scanLines(data, maxRowBytes);
      if (lines !== rowCount) throw countMismatch(lines, rowCount);
      checked = true;
    },
  };
}
