import { channelError } from './channel-error.js';

/**
 * Rows of one append call, encoded as one NDJSON buffer (every row ends in `\n`). Rows are held
 * as bytes rather than one string per row: a single allocation per call is cheap for the GC even
 * when it lives until the rows commit, and the bytes are what the byte budget counts anyway.
 */
export interface EncodedRows {
  /** The NDJSON bytes of all rows, in order. Row boundaries are its `\n` bytes (see `rowEnds`). */
  readonly data: Buffer;
  /** Number of rows. */
  readonly rows: number;
  /** UTF-8 byte length of `data` (newlines included). */
  readonly bytes: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function notSerializable(index: number, reason: string, cause?: unknown): Error {
  return channelError(
    'ROW_NOT_SERIALIZABLE',
    `row ${index} cannot be serialised to a JSON object: ${reason}`,
    { rowIndex: index },
    cause,
  );
}

/**
 * Serialises rows to NDJSON at once so a bad row fails the append call that carries it (naming
 * its index) and nothing of that call is buffered. Rows must be plain JSON objects; `BigInt`,
 * cycles, and top-level non-objects are refused. A row longer than `maxRowBytes` fails with
 * `ROW_TOO_LARGE`.
 */
export function encodeRows(rows: readonly unknown[], maxRowBytes: number): EncodedRows {
  const n = rows.length;
  // One slot more than rows: the empty last slot makes join() end the text with a newline.
  const json: string[] = new Array<string>(n + 1);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw notSerializable(i, `expected an object, got ${describe(row)}`);
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(row);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw notSerializable(i, reason, error);
    }
    // toJSON() may turn an object into a string, a number or nothing at all.
    if (typeof text !== 'string' || text.charCodeAt(0) !== 123 /* { */) {
      throw notSerializable(i, 'it does not serialise to a JSON object');
    }
    // A UTF-16 unit is at most 3 UTF-8 bytes: only rows that might be too large are measured.
    if (text.length * 3 + 1 > maxRowBytes) {
      const size = Buffer.byteLength(text, 'utf8') + 1;
      if (size > maxRowBytes) {
        throw channelError(
          'ROW_TOO_LARGE',
          `row ${i} is ${size} bytes encoded, more than one request may carry (${maxRowBytes} bytes)`,
          { rowIndex: i },
        );
      }
    }
    json[i] = text;
  }
  if (n === 0) return { data: Buffer.alloc(0), rows: 0, bytes: 0 };
  json[n] = '';
  const data = Buffer.from(json.join('\n'), 'utf8');
  return { data, rows: n, bytes: data.byteLength };
}
