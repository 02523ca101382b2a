import { isUtf8 } from 'node:buffer';
import type { BinaryInputFormat } from './binary-input-format.js';
import type { PathSegment } from './column-path.js';
import { formatUtcIso } from './format-utc-iso.js';
import { unsupportedValue } from './unsupported-value.js';

/** Where a value sits, for the errors these conversions raise. */
export interface ValueSite {
  readonly rowIndex: number;
  readonly binaryInputFormat: BinaryInputFormat;
  /** Segments from the row to the current value. */
  readonly path: PathSegment[];
}

/**
 * The text forms Snowflake reads for FLOAT's special values (numeric data types: 'NaN', 'inf',
 * '-inf'); sent as strings because JSON has no literal for them.
 */
export function nonFiniteString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'inf' : '-inf';
}

/** A Date as ISO 8601 with `+00:00`; an invalid Date is refused. */
export function dateString(site: ValueSite, date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw unsupportedValue(site.rowIndex, site.path, date, 'an invalid Date (its time is NaN)');
  }
  return formatUtcIso(ms);
}

/** The bytes of an `ArrayBuffer` view as `binaryInputFormat` text. */
export function binaryString(site: ValueSite, view: ArrayBufferView): string {
  const bytes =
    view instanceof Buffer ? view : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  switch (site.binaryInputFormat) {
    case 'HEX':
      return bytes.toString('hex');
    case 'BASE64':
      return bytes.toString('base64');
    case 'UTF-8':
      // Invalid UTF-8 would come out with U+FFFD in it: a different value, so it is refused.
      if (!isUtf8(bytes)) {
        throw unsupportedValue(
          site.rowIndex,
          site.path,
          view,
          "binary value is not valid UTF-8, so binaryInputFormat 'UTF-8' cannot carry it (use 'HEX' or 'BASE64')",
        );
      }
      return bytes.toString('utf8');
  }
}
