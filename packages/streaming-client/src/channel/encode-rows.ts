import { channelError } from './channel-error.js';

/** Rows of one append call, encoded as NDJSON lines (each ending in `\n`). */
export interface EncodedRows {
  /** One string per row, newline included. */
  readonly lines: string[];
  /** UTF-8 byte length of each line (newline included). */
  readonly lineBytes: number[];
  /** Sum of `lineBytes`. */
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
  const lines: string[] = new Array<string>(rows.length);
  const lineBytes: number[] = new Array<number>(rows.length);
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw notSerializable(i, `expected an object, got ${describe(row)}`);
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(row);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw notSerializable(i, reason, error);
    }
    // toJSON() may turn an object into a string, a number or nothing at all.
    if (typeof json !== 'string' || json.charCodeAt(0) !== 123 /* { */) {
      throw notSerializable(i, 'it does not serialise to a JSON object');
    }
    // Measuring the flat JSON (not the concatenation) avoids flattening a second string.
    const size = Buffer.byteLength(json, 'utf8') + 1;
    if (size > maxRowBytes) {
      throw channelError(
        'ROW_TOO_LARGE',
        `row ${i} is ${size} bytes encoded, more than one request may carry (${maxRowBytes} bytes)`,
        { rowIndex: i },
      );
    }
    lines[i] = json + '\n';
    lineBytes[i] = size;
    bytes += size;
  }
  return { lines, lineBytes, bytes };
}
