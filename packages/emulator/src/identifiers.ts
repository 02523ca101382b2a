/**
 * Resolves a Snowflake object name as the service does: an unquoted name is case-insensitive
 * (stored upper-case); a double-quoted name keeps its case (`""` inside stands for one `"`).
 * The input is already percent-decoded.
 */
export function resolveIdentifier(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
    return name.slice(1, -1).replaceAll('""', '"');
  }
  return name.toUpperCase();
}

/** The key under which a pipe's state is stored: `DB`, `SCHEMA`, `PIPE` resolved and joined. */
export function pipeKey(database: string, schema: string, pipe: string): string {
  return `${database}\u0000${schema}\u0000${pipe}`;
}

/** The default pipe every table has: `<TABLE>-STREAMING`. */
export function isDefaultPipeName(resolvedPipe: string): boolean {
  return resolvedPipe.toUpperCase().endsWith('-STREAMING');
}
