import { EmulatorError } from '../errors.js';
import { resolveIdentifier } from '../identifiers.js';
import { parseColumnType } from './column-type.js';
import type { ColumnType } from './column-type.js';
import type { BinaryFormat } from './convert-column.js';

/** One column of a {@link TableDefinition}. */
export interface ColumnDefinition {
  /** Column name; unquoted names are case-insensitive (stored upper-case), `"quoted"` keep case. */
  name: string;
  /** The type as in `CREATE TABLE`: `NUMBER(38,0)`, `VARCHAR(20)`, `BINARY`, `TIMESTAMP_TZ`, `VARIANT`, ... */
  type: string;
  /** `false` for `NOT NULL`: a row without a value for it is rejected. @default true */
  nullable?: boolean;
}

/** A table the emulator checks rows against (the `tables` option and `--schema FILE`). */
export interface TableDefinition {
  /** The table; its default pipe `<TABLE>-STREAMING` uses these columns. */
  table: string;
  /** Extra pipes that load into this table (named pipes), besides the default pipe. @default [] */
  pipes?: string[];
  /** Only in this database. @default any database */
  database?: string;
  /** Only in this schema. @default any schema */
  schema?: string;
  /** The table's columns, in order; rows are matched to them by name. */
  columns: ColumnDefinition[];
  /** How BINARY columns read their text (the table's BINARY_INPUT_FORMAT). @default 'HEX' */
  binaryFormat?: BinaryFormat;
}

/** A column ready for conversion. */
export interface CompiledColumn {
  /** Resolved name (how the ledger keys converted rows). */
  readonly name: string;
  /** Upper-case name, which row keys are matched against (case-insensitively). */
  readonly match: string;
  readonly type: ColumnType;
  readonly typeText: string;
  readonly nullable: boolean;
}

/** A validated table. */
export interface CompiledTable {
  readonly table: string;
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly pipes: ReadonlySet<string>;
  readonly columns: readonly CompiledColumn[];
  readonly byMatch: ReadonlyMap<string, CompiledColumn>;
  readonly binaryFormat: BinaryFormat;
}

function bad(message: string): never {
  throw new EmulatorError('INVALID_OPTION', `Invalid emulator option tables: ${message}`);
}

/** Checks the `tables` option eagerly, naming the table and column at fault. */
export function compileTables(tables: unknown): CompiledTable[] {
  if (tables === undefined) return [];
  if (!Array.isArray(tables)) bad('expected an array of { table, columns }');
  return tables.map((t: unknown, i) => {
    if (typeof t !== 'object' || t === null) bad(`entry ${i} is not an object`);
    const def = t as Partial<TableDefinition>;
    if (typeof def.table !== 'string' || def.table === '') bad(`entry ${i} needs a table name`);
    if (!Array.isArray(def.columns) || def.columns.length === 0)
      bad(`table ${def.table} needs columns`);
    const binaryFormat = def.binaryFormat ?? 'HEX';
    if (!['HEX', 'BASE64', 'UTF-8'].includes(binaryFormat))
      bad(`table ${def.table}: binaryFormat must be HEX, BASE64 or UTF-8`);
    const table = resolveIdentifier(def.table);
    const columns = def.columns.map((c: Partial<ColumnDefinition>, j): CompiledColumn => {
      if (typeof c?.name !== 'string' || c.name === '')
        bad(`table ${table} column ${j} needs a name`);
      if (typeof c.type !== 'string') bad(`table ${table} column ${c.name} needs a type`);
      let type: ColumnType;
      try {
        type = parseColumnType(c.type);
      } catch (error) {
        bad(`table ${table} column ${c.name}: ${(error as Error).message}`);
      }
      const name = resolveIdentifier(c.name);
      return {
        name,
        match: name.toUpperCase(),
        type,
        typeText: c.type.trim().toUpperCase(),
        nullable: c.nullable ?? true,
      };
    });
    const byMatch = new Map<string, CompiledColumn>();
    for (const c of columns) {
      if (byMatch.has(c.match)) bad(`table ${table} has two columns named ${c.name}`);
      byMatch.set(c.match, c);
    }
    const pipes = new Set([`${table}-STREAMING`, ...(def.pipes ?? []).map(resolveIdentifier)]);
    return {
      table,
      database: def.database === undefined ? undefined : resolveIdentifier(def.database),
      schema: def.schema === undefined ? undefined : resolveIdentifier(def.schema),
      pipes,
      columns,
      byMatch,
      binaryFormat: binaryFormat,
    };
  });
}

/** The table a pipe loads into, if the emulator was given one (names already resolved). */
export function tableForPipe(
  tables: readonly CompiledTable[],
  database: string,
  schema: string,
  pipe: string,
): CompiledTable | undefined {
  return tables.find(
    (t) =>
      t.pipes.has(pipe) &&
      (t.database === undefined || t.database === database) &&
      (t.schema === undefined || t.schema === schema),
  );
}
