import { channelError } from './channel-error.js';
import { DEFAULT_BINARY_INPUT_FORMAT } from '../values/binary-input-format.js';
import type { BinaryInputFormat } from '../values/binary-input-format.js';
import { encodeRowJson } from '../values/encode-row-json.js';
import { NEWLINE } from './row-ends.js';

/**
 * Rows of one append call, encoded and validated, not yet placed anywhere. The channel's pending
 * buffer copies them into its request-body buffer with {@link EncodedRows.writeInto}, so an
 * append costs no buffer of its own.
 */
export interface EncodedRows {
  /** Number of rows. */
  readonly rows: number;
  /** Exact UTF-8 bytes of all rows, one `\n` after each. */
  readonly bytes: number;
  /** Exact UTF-8 bytes of row `index`, its newline included. */
  rowBytes(index: number): number;
  /**
   * Writes whole rows, from row `fromRow` on, into `target` at `offset`, as many as fit before
   * `limit`; returns how many rows and bytes it wrote.
   */
  writeInto(
    target: Buffer,
    offset: number,
    limit: number,
    fromRow: number,
  ): { rows: number; bytes: number };
  /**
   * Present only when the client may keep and send the input's own bytes (see
   * `AppendEncodedOptions.copy`): a view, without copying, of the whole rows from `fromRow` on
   * that fit in `maxBytes`, or undefined when not even one does.
   */
  readonly viewRows?: ((fromRow: number, maxBytes: number) => RowsView | undefined) | undefined;
}

/**
 * Rows taken on the caller's count without being read (`AppendEncodedOptions.rowCount` with
 * `copy: false`): the channel sends their bytes as they are, as one batch of their own, and runs
 * `check` right before it does.
 */
export interface UncheckedRows {
  /** Number of rows, as the caller said. */
  readonly rows: number;
  /** `data.length`. */
  readonly bytes: number;
  /** Their exact NDJSON bytes (the caller's memory), ending in a newline. */
  readonly data: Buffer;
  /**
   * Counts and checks the lines (once; later calls return at once). Throws what the append would
   * have: `INVALID_ENCODED_ROW`, `ROW_TOO_LARGE` or `ROW_COUNT_MISMATCH`.
   */
  readonly check: () => void;
}

/** Whole rows of an input, in place: `data` is their exact NDJSON bytes, newlines included. */
export interface RowsView {
  readonly data: Buffer;
  readonly rows: number;
}

/** All rows of `encoded` as one new NDJSON buffer. */
export function encodedToBuffer(encoded: EncodedRows): Buffer {
  const data = Buffer.allocUnsafe(encoded.bytes);
  encoded.writeInto(data, 0, data.length, 0);
  return data;
}

const EMPTY: EncodedRows = {
  rows: 0,
  bytes: 0,
  rowBytes: () => 0,
  writeInto: () => ({ rows: 0, bytes: 0 }),
};

/** `ROW_TOO_LARGE` for row `index` of `size` encoded bytes (its newline included). */
export function rowTooLarge(index: number, size: number, maxRowBytes: number): Error {
  return channelError(
    'ROW_TOO_LARGE',
    `row ${index} is ${size} bytes encoded, more than one request may carry (${maxRowBytes} bytes)`,
    { rowIndex: index },
  );
}

/**
 * Serialises rows to NDJSON at once so a bad row fails the append call that carries it (naming
 * its index) and nothing of that call is buffered. Each row is encoded the way Snowflake reads it
 * (`encodeRowJson`: BigInt exact, binary as `binaryInputFormat` text, Dates with an offset, FLOAT
 * specials as text); undocumented values, cycles and top-level non-objects are refused. A row
 * longer than `maxRowBytes` fails with `ROW_TOO_LARGE`.
 */
export function encodeRows(
  rows: readonly unknown[],
  maxRowBytes: number,
  binaryInputFormat: BinaryInputFormat = DEFAULT_BINARY_INPUT_FORMAT,
): EncodedRows {
  const n = rows.length;
  const json: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const text = encodeRowJson(rows[i], i, binaryInputFormat);
    // A UTF-16 unit is at most 3 UTF-8 bytes: only rows that might be too large are measured.
    if (text.length * 3 + 1 > maxRowBytes) {
      const size = Buffer.byteLength(text, 'utf8') + 1;
      if (size > maxRowBytes) {
        throw rowTooLarge(i, size, maxRowBytes);
      }
    }
    json[i] = text;
  }
  if (n === 0) return EMPTY;
  return textRows(json, n);
}

/**
 * Rows joined in groups of this many: a group's text stays a small young-generation string
 * (one `join` over a large call would make a string of hundreds of KiB, which V8 keeps in its
 * large-object space until a full GC), and a whole group is written with one call.
 */
const GROUP_ROWS = 64;

/** {@link EncodedRows} over row texts (`json[0..n)`, without their newlines). */
function textRows(json: string[], n: number): EncodedRows {
  const groups: string[] = [];
  const groupBytes: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i += GROUP_ROWS) {
    let text = json.slice(i, Math.min(n, i + GROUP_ROWS)).join('\n');
    text += '\n';
    const bytes = Buffer.byteLength(text, 'utf8');
    groups.push(text);
    groupBytes.push(bytes);
    total += bytes;
  }
  const rowBytes = (index: number): number => Buffer.byteLength(json[index] as string, 'utf8') + 1;
  return {
    rows: n,
    bytes: total,
    rowBytes,
    writeInto(target, offset, limit, fromRow) {
      let pos = offset;
      let i = fromRow;
      while (i < n) {
        const g = (i / GROUP_ROWS) | 0;
        if (i === g * GROUP_ROWS && pos + (groupBytes[g] as number) <= limit) {
          pos += target.write(groups[g] as string, pos, 'utf8');
          i = Math.min(n, i + GROUP_ROWS);
          continue;
        }
        // At a buffer's end: row by row, as far as whole rows fit.
        if (pos + rowBytes(i) > limit) break;
        pos += target.write(json[i] as string, pos, 'utf8');
        target[pos++] = NEWLINE;
        i++;
      }
      return { rows: i - fromRow, bytes: pos - offset };
    },
  };
}
