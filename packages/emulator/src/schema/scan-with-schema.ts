import type { ScanResult } from '../ndjson/scan-ndjson.js';
import { convertColumn } from './convert-column.js';
import { JsonNumber, parseExactJson } from './exact-json.js';
import type { ExactJson } from './exact-json.js';
import type { CompiledTable } from './table-schema.js';

/** Options of {@link scanWithSchema}. */
export interface SchemaScanOptions {
  keyField: string | undefined;
  retain: boolean;
}

type RowOutcome = { ok: true; row: Record<string, unknown> } | { ok: false; reason: string };

/**
 * One row against the table, the way a default pipe (`MATCH_BY_COLUMN_NAME`) loads it: keys
 * match columns case-insensitively, keys that match no column are not loaded, columns the row
 * lacks are NULL (a NOT NULL column rejects the row), and each value is converted to its
 * column's type or the row is rejected.
 */
function convertRow(table: CompiledTable, parsed: Record<string, ExactJson>): RowOutcome {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(parsed)) {
    const column = table.byMatch.get(key.toUpperCase());
    if (!column) continue;
    if (seen.has(column.name)) {
      return { ok: false, reason: `two fields match column ${column.name}` };
    }
    seen.add(column.name);
    if (value === null) {
      out[column.name] = null;
      continue;
    }
    const converted = convertColumn(column.type, value, table.binaryFormat);
    if (!converted.ok)
      return { ok: false, reason: `column ${column.name} ${column.typeText}: ${converted.reason}` };
    out[column.name] = converted.value;
  }
  for (const column of table.columns) {
    if (!seen.has(column.name)) out[column.name] = null;
    if (out[column.name] === null && !column.nullable) {
      return {
        ok: false,
        reason: `column ${column.name} is NOT NULL and the row has no value for it`,
      };
    }
  }
  return { ok: true, row: out };
}

function keyOf(value: ExactJson | undefined): string | number | undefined {
  if (value === undefined) return undefined;
  if (value instanceof JsonNumber) {
    const n = Number(value.text);
    return Number.isSafeInteger(n) && /^-?\d+$/.test(value.text) ? n : value.text;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads an append body against a table schema: every line is parsed (numbers exactly) and
 * converted; rows that are not JSON objects or cannot be converted are counted as errors (the
 * service counts them in `rows_error_count` and skips them) and the first one's reason becomes
 * the batch's error message. Retained rows hold the converted values.
 */
export function scanWithSchema(
  body: Buffer,
  table: CompiledTable,
  options: SchemaScanOptions,
): ScanResult {
  const lines = body.toString('utf8').split('\n');
  const keys: Array<string | number> | undefined = options.keyField === undefined ? undefined : [];
  const retained: unknown[] | undefined = options.retain ? [] : undefined;
  let rows = 0;
  let errors = 0;
  let firstErrorLine: number | undefined;
  let errorMessage: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    rows++;
    const parsed = parseExactJson(line);
    const outcome: RowOutcome =
      parsed === undefined ||
      parsed === null ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed) ||
      parsed instanceof JsonNumber
        ? { ok: false, reason: 'the line is not a JSON object' }
        : convertRow(table, parsed);
    if (!outcome.ok) {
      errors++;
      if (firstErrorLine === undefined) {
        firstErrorLine = i + 1;
        errorMessage = outcome.reason;
      }
      continue;
    }
    if (keys && options.keyField !== undefined) {
      const key = keyOf((parsed as Record<string, ExactJson>)[options.keyField]);
      if (key !== undefined) keys.push(key);
    }
    retained?.push(outcome.row);
  }
  return {
    rows,
    errors,
    firstErrorLine,
    keys,
    retained,
    ...(errorMessage !== undefined
      ? {
          errorMessage: `${errors} row(s) of the rowset were rejected; the first, at line ${String(firstErrorLine)}: ${errorMessage}`,
        }
      : {}),
  };
}
