import type { Row } from '@snowpipe/streaming-client';

/** One realistic ~200-byte event row (nested object, array, number, strings). */
export function makeRow(id: number): Row {
  return {
    id,
    ts: '2026-11-23T19:00:00.000Z',
    user_id: `user-${id % 9973}`,
    event: id % 3 === 0 ? 'page_view' : 'click',
    amount: (id % 1000) / 7,
    tags: ['alpha', 'beta'],
    payload: {
      session: `s-${id % 101}`,
      ok: true,
      note: 'lorem ipsum dolor sit amet consectetur',
    },
  };
}

/** `count` distinct row objects with ids `firstId…`. */
export function makeRows(count: number, firstId = 0): Row[] {
  const rows = new Array<Row>(count);
  for (let i = 0; i < count; i++) rows[i] = makeRow(firstId + i);
  return rows;
}

/** Splits rows into consecutive chunks of `size` (the last may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Encodes rows as NDJSON bodies of at most `maxBodyBytes` each (greedy, like the client's
 * batching), the way a hand-written sender would prepare them.
 */
export function encodeBodies(
  rows: readonly Row[],
  maxBodyBytes: number,
): Array<{ body: Buffer; rows: number }> {
  const bodies: Array<{ body: Buffer; rows: number }> = [];
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = `${JSON.stringify(row)}\n`;
    const bytes = Buffer.byteLength(line);
    if (size + bytes > maxBodyBytes && lines.length > 0) {
      bodies.push({ body: Buffer.from(lines.join('')), rows: lines.length });
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += bytes;
  }
  if (lines.length > 0) bodies.push({ body: Buffer.from(lines.join('')), rows: lines.length });
  return bodies;
}
