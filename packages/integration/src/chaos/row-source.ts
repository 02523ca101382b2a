/** A chaos row: `id` is unique across the run, `n` is its offset within its channel. */
export interface ChaosRow {
  [column: string]: unknown;
  id: string;
  ch: number;
  n: number;
  payload: string;
}

/** The id of row `n` of channel `channel`. */
export function rowId(channel: number, n: number): string {
  return `c${channel}-${n}`;
}

/**
 * Rows `start`..`start + count - 1` of one channel: a replayable source, so a resumed producer
 * regenerates exactly the rows after the committed offset.
 */
export function makeRows(channel: number, start: number, count: number): ChaosRow[] {
  const rows: ChaosRow[] = [];
  for (let n = start; n < start + count; n++) {
    rows.push({
      id: rowId(channel, n),
      ch: channel,
      n,
      payload: `row ${n} of channel ${channel} ☃`,
    });
  }
  return rows;
}

/** The offset after a committed offset token (`null`: start at 0). Throws for a non-integer token. */
export function nextOffset(committed: string | null): number {
  if (committed === null) return 0;
  if (!/^\d+$/.test(committed))
    throw new Error(`committed offset token ${JSON.stringify(committed)} is not an integer`);
  return Number(committed) + 1;
}
