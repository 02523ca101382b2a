import { expect } from 'vitest';
import type { EncodedRows } from '../../src/channel/encode-rows.js';

/**
 * Pours `encoded` through fresh targets with `room` free bytes each (starting `offset` bytes in),
 * the way the pending buffer fills body buffers, and returns what was written, in order. Checks
 * each write: at least one row, exactly the bytes of the rows it reports, and only whole rows
 * (the next row would not have fitted).
 */
export function pourRows(encoded: EncodedRows, room: number, offset = 0): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  while (from < encoded.rows) {
    const target = Buffer.alloc(offset + room);
    const w = encoded.writeInto(target, offset, offset + room, from);
    expect(w.rows).toBeGreaterThan(0);
    let expected = 0;
    for (let r = from; r < from + w.rows; r++) expected += encoded.rowBytes(r);
    expect(w.bytes).toBe(expected);
    if (from + w.rows < encoded.rows) {
      expect(w.bytes + encoded.rowBytes(from + w.rows)).toBeGreaterThan(room);
    }
    parts.push(target.subarray(offset, offset + w.bytes));
    from += w.rows;
  }
  return Buffer.concat(parts);
}
