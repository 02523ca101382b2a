import { readFileSync } from 'node:fs';
import { EmulatorError } from '../errors.js';
import type { TableDefinition } from './table-schema.js';

/**
 * Reads `--schema FILE`: JSON holding the `tables` option, as an array of tables or as
 * `{ "tables": [...] }`. The tables are checked when the emulator starts.
 */
export function loadSchemaFile(file: string): TableDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EmulatorError(
      'INVALID_OPTION',
      `--schema ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const tables = Array.isArray(parsed) ? parsed : (parsed as { tables?: unknown } | null)?.tables;
  if (!Array.isArray(tables)) {
    throw new EmulatorError(
      'INVALID_OPTION',
      `--schema ${file}: expected an array of tables or { "tables": [...] }`,
    );
  }
  return tables as TableDefinition[];
}
