import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * How binary values (`Buffer`, `Uint8Array`, other `ArrayBuffer` views) are written into a row:
 * the three formats of Snowflake's `BINARY_INPUT_FORMAT`, with the names and spelling of the
 * official Node SDK's `binaryInputFormat`. The table must read the same format; Snowflake's default
 * is `HEX`.
 */
export type BinaryInputFormat = 'HEX' | 'BASE64' | 'UTF-8';

/** The formats, in the official SDK's spelling. */
export const BINARY_INPUT_FORMATS: readonly BinaryInputFormat[] = Object.freeze([
  'HEX',
  'BASE64',
  'UTF-8',
]);

/** Snowflake's default binary format. */
export const DEFAULT_BINARY_INPUT_FORMAT: BinaryInputFormat = 'HEX';

/** Checks `createClient({ binaryInputFormat })`, naming the option when it is not one of the three. */
export function resolveBinaryInputFormat(value: unknown): BinaryInputFormat {
  if (value === undefined) return DEFAULT_BINARY_INPUT_FORMAT;
  if (typeof value === 'string' && (BINARY_INPUT_FORMATS as readonly string[]).includes(value)) {
    return value as BinaryInputFormat;
  }
  const got = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  throw new ConfigurationError(
    `binaryInputFormat: must be one of ${BINARY_INPUT_FORMATS.join(', ')}, got ${got} (from option binaryInputFormat)`,
    { field: 'binaryInputFormat', source: 'option binaryInputFormat' },
  );
}
