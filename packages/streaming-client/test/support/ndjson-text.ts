/** `rows` as NDJSON text the way the client encodes them: `JSON.stringify` and a `\n` each. */
export function ndjsonText(rows: readonly unknown[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
