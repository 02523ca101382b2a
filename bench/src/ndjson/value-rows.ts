import type { Row } from '@snowpipe/streaming-client';
import { makeRow } from '../lib/rows.js';

/** A `makeRow` row plus a NUMBER(38,0) id beyond 2^53, a BINARY digest and a TIMESTAMP column. */
export function makeValueRow(id: number): Row {
  return {
    ...makeRow(id),
    account_id: 9_007_199_254_740_993n + BigInt(id),
    digest: Buffer.from([
      id & 255,
      (id >> 8) & 255,
      0x5a,
      0xa5,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      10,
      11,
      12,
    ]),
    created_at: new Date(1_764_000_000_000 + id * 1000),
  };
}

/**
 * The same row with those three columns already converted to the strings the client sends
 * (decimal digits, hex, ISO 8601): what a caller of a bare `JSON.stringify` loop would have to
 * prepare before the loop.
 */
export function makePreconvertedRow(id: number): Row {
  const row = makeValueRow(id);
  return {
    ...row,
    account_id: (row.account_id as bigint).toString(),
    digest: (row.digest as Buffer).toString('hex'),
    created_at: (row.created_at as Date).toISOString().replace('Z', '+00:00'),
  };
}
