import { EmulatorError } from '../errors.js';

/** A Snowflake column type the schema-aware emulator converts values into. */
export type ColumnType =
  | { kind: 'NUMBER'; precision: number; scale: number }
  | { kind: 'FLOAT' }
  | { kind: 'VARCHAR'; length: number }
  | { kind: 'BINARY'; length: number }
  | { kind: 'BOOLEAN' }
  | { kind: 'DATE' }
  | { kind: 'TIME' }
  | { kind: 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIMESTAMP_TZ' }
  | { kind: 'VARIANT' | 'OBJECT' | 'ARRAY' };

/** Snowflake's defaults: VARCHAR 16,777,216 characters, BINARY 8,388,608 bytes. */
export const MAX_VARCHAR_LENGTH = 16_777_216;
export const MAX_BINARY_LENGTH = 8_388_608;

const ALIASES: Record<string, string> = {
  DECIMAL: 'NUMBER',
  DEC: 'NUMBER',
  NUMERIC: 'NUMBER',
  INT: 'INTEGER',
  BIGINT: 'INTEGER',
  SMALLINT: 'INTEGER',
  TINYINT: 'INTEGER',
  BYTEINT: 'INTEGER',
  DOUBLE: 'FLOAT',
  'DOUBLE PRECISION': 'FLOAT',
  REAL: 'FLOAT',
  FLOAT4: 'FLOAT',
  FLOAT8: 'FLOAT',
  STRING: 'VARCHAR',
  TEXT: 'VARCHAR',
  CHAR: 'VARCHAR',
  CHARACTER: 'VARCHAR',
  VARBINARY: 'BINARY',
  DATETIME: 'TIMESTAMP_NTZ',
  TIMESTAMP: 'TIMESTAMP_NTZ',
};

function bad(text: string, why: string): never {
  throw new EmulatorError('INVALID_OPTION', `Invalid column type ${JSON.stringify(text)}: ${why}`);
}

/**
 * Parses a column type as written in `CREATE TABLE` (`NUMBER(38,0)`, `VARCHAR(20)`, `INT`,
 * `TIMESTAMP_TZ`, ...), with Snowflake's synonyms. Fractional-second precision of TIME and
 * TIMESTAMP is accepted but the emulator always keeps 9 digits.
 */
export function parseColumnType(text: string): ColumnType {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(text);
  if (!m) bad(text, 'expected NAME or NAME(n) or NAME(p,s)');
  const raw = (m[1] as string).toUpperCase().replace(/\s+/g, ' ');
  const name = ALIASES[raw] ?? raw;
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  switch (name) {
    case 'NUMBER': {
      const precision = a ?? 38;
      const scale = b ?? 0;
      if (precision < 1 || precision > 38) bad(text, 'precision must be 1..38');
      if (scale > 37 || scale > precision)
        bad(text, 'scale must be 0..37 and at most the precision');
      return { kind: 'NUMBER', precision, scale };
    }
    case 'INTEGER':
      if (a !== undefined) bad(text, 'integer types take no precision');
      return { kind: 'NUMBER', precision: 38, scale: 0 };
    case 'VARCHAR': {
      const length = a ?? (raw === 'CHAR' || raw === 'CHARACTER' ? 1 : MAX_VARCHAR_LENGTH);
      if (length < 1 || length > MAX_VARCHAR_LENGTH || b !== undefined)
        bad(text, 'length must be 1..16777216');
      return { kind: 'VARCHAR', length };
    }
    case 'BINARY': {
      const length = a ?? MAX_BINARY_LENGTH;
      if (length < 1 || length > MAX_BINARY_LENGTH || b !== undefined)
        bad(text, 'length must be 1..8388608');
      return { kind: 'BINARY', length };
    }
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      if ((a !== undefined && a > 9) || b !== undefined)
        bad(text, 'fractional precision must be 0..9');
      return { kind: name };
    case 'FLOAT':
    case 'BOOLEAN':
    case 'DATE':
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
      if (a !== undefined) bad(text, `${name} takes no length or precision`);
      return { kind: name };
    default:
      return bad(text, 'not a type the schema-aware emulator supports');
  }
}

/** The type as Snowflake would print it, for messages. */
export function formatColumnType(type: ColumnType): string {
  switch (type.kind) {
    case 'NUMBER':
      return `NUMBER(${type.precision},${type.scale})`;
    case 'VARCHAR':
    case 'BINARY':
      return `${type.kind}(${type.length})`;
    default:
      return type.kind;
  }
}
