import { channelError } from '../channel/channel-error.js';
import type { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { formatColumnPath } from './column-path.js';
import type { PathSegment } from './column-path.js';

/** What a value is, in words, for an error message (never the value itself: it is user data). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'object':
      break;
    default:
      return `a ${typeof value}`;
  }
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) {
    return 'a SharedArrayBuffer';
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'an object';
  const ctor = (proto as { constructor?: { name?: unknown } } | null)?.constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'anonymous class';
  return `an instance of ${name}`;
}

/** How to turn a refused value into one that is accepted, when there is an obvious way. */
function hintFor(value: unknown): string {
  if (value instanceof Map) return '; convert it first, e.g. Object.fromEntries(map)';
  if (value instanceof Set) return '; convert it first, e.g. [...set]';
  if (value instanceof ArrayBuffer) return '; wrap it in a Uint8Array to send it as BINARY';
  if (typeof value === 'object' && value !== null) {
    return '; give the class a toJSON() method or pass a plain object';
  }
  return '';
}

/**
 * `ROW_NOT_SERIALIZABLE` for a value inside a row that Snowflake's official SDK does not document
 * as an input, naming the row index and the column path (`details.rowIndex`,
 * `details.columnPath`, `details.valueType`).
 */
export function unsupportedValue(
  rowIndex: number,
  path: readonly PathSegment[],
  value: unknown,
  reason?: string,
): StreamingIngestError {
  const columnPath = formatColumnPath(path);
  const valueType = describeValue(value);
  const why =
    reason ??
    `${valueType} is not a value the official SDK documents (null, undefined, boolean, number, string, BigInt, Buffer, Uint8Array, Date, arrays, plain objects)${hintFor(value)}`;
  return channelError('ROW_NOT_SERIALIZABLE', `row ${rowIndex}, column ${columnPath}: ${why}`, {
    rowIndex,
    columnPath,
    valueType,
  });
}

/** `ROW_NOT_SERIALIZABLE` for a row that is not an object at all (or becomes none via toJSON). */
export function notARow(rowIndex: number, reason: string, cause?: unknown): StreamingIngestError {
  return channelError(
    'ROW_NOT_SERIALIZABLE',
    `row ${rowIndex} cannot be serialised to a JSON object: ${reason}`,
    { rowIndex },
    cause,
  );
}
