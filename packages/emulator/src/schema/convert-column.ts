import type { ColumnType } from './column-type.js';
import { toFloat, toNumber } from './convert-number.js';
import type { Converted } from './convert-number.js';
import { toTime } from './convert-time.js';
import { JsonNumber } from './exact-json.js';
import type { ExactJson } from './exact-json.js';

/** How a table reads BINARY text (Snowflake's BINARY_INPUT_FORMAT / file format BINARY_FORMAT). */
export type BinaryFormat = 'HEX' | 'BASE64' | 'UTF-8';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const wrongType = (what: string): Converted => ({
  ok: false,
  reason: `${what} cannot be converted to this type`,
});

function kindOf(v: ExactJson): string {
  if (v instanceof JsonNumber) return 'a number';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * A VARIANT value as the ledger keeps it: numbers as JavaScript numbers, except integers beyond
 * 2^53 which stay exact as BigInt (Snowflake keeps integers up to 38 digits exactly in VARIANT).
 */
export function variantValue(v: ExactJson): unknown {
  if (v instanceof JsonNumber) {
    if (/^-?\d+$/.test(v.text) && v.text.replace('-', '').length <= 38) {
      const n = Number(v.text);
      return Number.isSafeInteger(n) ? n : BigInt(v.text);
    }
    return Number(v.text);
  }
  if (Array.isArray(v)) return v.map(variantValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = variantValue(item);
    return out;
  }
  return v;
}

const TRUE = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', 'off', '0']);

/** One non-null JSON value converted into a column of `type`. */
export function convertColumn(
  type: ColumnType,
  v: ExactJson,
  binaryFormat: BinaryFormat,
): Converted {
  const isNumber = v instanceof JsonNumber;
  const scalarText = isNumber ? v.text : typeof v === 'string' ? v : undefined;
  switch (type.kind) {
    case 'NUMBER':
      return scalarText === undefined
        ? wrongType(kindOf(v))
        : toNumber(scalarText, type.precision, type.scale);
    case 'FLOAT':
      return scalarText === undefined ? wrongType(kindOf(v)) : toFloat(scalarText, !isNumber);
    case 'VARCHAR': {
      const text = typeof v === 'boolean' ? String(v) : scalarText;
      if (text === undefined) return wrongType(kindOf(v));
      // Length in characters (code points), as Snowflake counts them.
      let length = 0;
      for (const _ of text) if (++length > type.length) break;
      if (length > type.length)
        return {
          ok: false,
          reason: `string is longer than the column's ${type.length} characters`,
        };
      return { ok: true, value: text };
    }
    case 'BINARY': {
      if (typeof v !== 'string') return wrongType(kindOf(v));
      let bytes: Buffer;
      if (binaryFormat === 'HEX') {
        if (!HEX.test(v)) return { ok: false, reason: 'the string is not valid HEX' };
        bytes = Buffer.from(v, 'hex');
      } else if (binaryFormat === 'BASE64') {
        if (!BASE64.test(v)) return { ok: false, reason: 'the string is not valid BASE64' };
        bytes = Buffer.from(v, 'base64');
      } else bytes = Buffer.from(v, 'utf8');
      if (bytes.length > type.length)
        return {
          ok: false,
          reason: `binary value is longer than the column's ${type.length} bytes`,
        };
      return { ok: true, value: bytes };
    }
    case 'BOOLEAN': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (isNumber) return { ok: true, value: Number(v.text) !== 0 };
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        if (TRUE.has(t)) return { ok: true, value: true };
        if (FALSE.has(t)) return { ok: true, value: false };
        return { ok: false, reason: 'boolean value is not recognized' };
      }
      return wrongType(kindOf(v));
    }
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return scalarText === undefined
        ? wrongType(kindOf(v))
        : toTime(type.kind, scalarText, isNumber);
    case 'VARIANT':
      return { ok: true, value: variantValue(v) };
    case 'OBJECT':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && !isNumber
        ? { ok: true, value: variantValue(v) }
        : wrongType(kindOf(v));
    case 'ARRAY':
      return Array.isArray(v) ? { ok: true, value: variantValue(v) } : wrongType(kindOf(v));
  }
}
