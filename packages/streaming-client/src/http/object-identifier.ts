/**
 * A database, schema, pipe or table name as the REST path must carry it. Snowflake stores an
 * unquoted identifier upper-case and a double-quoted one exactly, and the REST paths are
 * matched case-sensitively against the stored name (Redpanda Connect, measured live), so an
 * unquoted name is upper-cased and a double-quoted one is sent as typed, quotes included.
 * Channel names are not identifiers and are never changed.
 */
export function pathIdentifier(name: string): string {
  const quoted = name.length >= 2 && name.startsWith('"') && name.endsWith('"');
  return quoted ? name : name.toUpperCase();
}
