import { CliError } from './cli-error.js';

/** A `DB.SCHEMA.NAME` split into its parts (quoted parts keep their quotes). */
export interface ObjectName {
  /** Database. */
  database: string;
  /** Schema. */
  schema: string;
  /** Table or pipe. */
  name: string;
}

/**
 * Splits `DB.SCHEMA.NAME` at dots outside double quotes. A one-part name takes database and
 * schema from `fallback` (`SNOWFLAKE_DATABASE` / `SNOWFLAKE_SCHEMA`).
 */
export function parseObjectName(
  text: string,
  flag: string,
  fallback: { database?: string | undefined; schema?: string | undefined } = {},
): ObjectName {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  if (quoted || parts.some((p) => p.trim() === '')) {
    throw new CliError('USAGE', `${flag}: ${JSON.stringify(text)} is not a valid DB.SCHEMA.NAME`);
  }
  if (parts.length === 3) {
    return { database: parts[0]!, schema: parts[1]!, name: parts[2]! };
  }
  if (parts.length === 1 && fallback.database !== undefined && fallback.schema !== undefined) {
    return { database: fallback.database, schema: fallback.schema, name: parts[0]! };
  }
  throw new CliError(
    'USAGE',
    `${flag}: give DB.SCHEMA.NAME (got ${JSON.stringify(text)}; a bare name needs SNOWFLAKE_DATABASE and SNOWFLAKE_SCHEMA)`,
  );
}
