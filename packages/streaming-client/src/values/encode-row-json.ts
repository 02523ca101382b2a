import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { BinaryInputFormat } from './binary-input-format.js';
import { isPlainObject } from './is-plain-json.js';
import { describeValue, notARow } from './unsupported-value.js';
import { convertRow } from './convert-row.js';

const OBJECT_PROTOTYPE = Object.prototype;

/**
 * One row as the JSON text Snowflake should receive (no newline). Plain rows (strings, finite
 * numbers, booleans, null, plain nested objects and arrays) go straight to `JSON.stringify`
 * after one allocation-free check; any other row takes the careful path, which converts BigInt
 * to an exact number, binary values to `binaryInputFormat` text, Dates to ISO 8601 with an
 * explicit offset, NaN/±Infinity to 'NaN'/'inf'/'-inf' and undefined to null, and refuses
 * everything the official SDK does not document with `ROW_NOT_SERIALIZABLE` naming the row index
 * and column path. A row must be a plain object (or have a `toJSON()` that returns one).
 */
export function encodeRowJson(
  row: unknown,
  rowIndex: number,
  binaryInputFormat: BinaryInputFormat,
): string {
  try {
    return encode(row, rowIndex, binaryInputFormat);
  } catch (error) {
    if (isStreamingIngestError(error)) throw error;
    // A getter or toJSON() that throws: the row cannot be read, so it cannot be sent.
    const reason = error instanceof Error ? error.message : String(error);
    throw notARow(rowIndex, `reading it threw: ${reason}`, error);
  }
}

function encode(row: unknown, rowIndex: number, binaryInputFormat: BinaryInputFormat): string {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw notARow(rowIndex, `expected an object, got ${describeValue(row)}`);
  }
  const proto: unknown = Object.getPrototypeOf(row);
  if (isPlainObject(row, proto, 0)) return JSON.stringify(row);
  let record: unknown = row;
  if (typeof (row as { toJSON?: unknown }).toJSON === 'function') {
    record = (row as { toJSON(key: string): unknown }).toJSON('');
    const p: unknown =
      typeof record === 'object' && record !== null ? Object.getPrototypeOf(record) : undefined;
    if (p !== OBJECT_PROTOTYPE && p !== null) {
      throw notARow(rowIndex, 'its toJSON() does not return a plain object');
    }
  } else if (proto !== OBJECT_PROTOTYPE && proto !== null) {
    throw notARow(
      rowIndex,
      `${describeValue(row)} is not a plain object; give the class a toJSON() method or pass a plain object`,
    );
  }
  return convertRow(
    { rowIndex, binaryInputFormat, path: [], ancestors: [] },
    record as Record<string, unknown>,
  );
}
