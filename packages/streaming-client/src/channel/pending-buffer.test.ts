import { describe, expect, it } from 'vitest';
import { sealBatch, splitBatch } from './batch.js';
import type { Batch } from './batch.js';
import { createBufferPool } from './buffer-pool.js';
import type { BufferPool } from './buffer-pool.js';
import { encodeNdjson } from './encode-ndjson.js';
import { encodeRows } from './encode-rows.js';
import { createPendingBuffer } from './pending-buffer.js';
import type { PendingBuffer } from './pending-buffer.js';

const batchText = (batch: Batch): string => batch.data.toString('utf8');
const idsOf = (batch: Batch): number[] =>
  batchText(batch)
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: number }).id);

const pool = (budgetBytes = 1 << 26): BufferPool =>
  createBufferPool({ maxFreeBytes: budgetBytes / 4, budgetBytes });

function pending(maxBatchBytes = 1 << 20, minBufferBytes?: number, p = pool()): PendingBuffer {
  return createPendingBuffer({
    pool: p,
    maxBatchBytes,
    ...(minBufferBytes === undefined ? {} : { minBufferBytes }),
  });
}

function push(buf: PendingBuffer, ids: number[], start?: string, end?: string, at = 0): void {
  buf.push(
    encodeRows(
      ids.map((id) => ({ id })),
      1 << 20,
    ),
    start,
    end,
    at,
  );
}

const line = '{"id":1}\n'.length; // 9 bytes for one-digit ids

describe('pending buffer and batches', () => {
  it('cuts what was written since the last batch, carrying the tokens of whole calls', () => {
    const buf = pending();
    push(buf, [1], '1', '1');
    push(buf, [2, 3, 4], '2', '4');
    expect(buf.hasFullBatch()).toBe(false);
    const first = buf.take()!;
    expect(batchText(first)).toBe('{"id":1}\n{"id":2}\n{"id":3}\n{"id":4}\n');
    expect([first.startOffsetToken, first.endOffsetToken]).toEqual(['1', '4']);
    expect(first.pieces).toHaveLength(2);
    push(buf, [5], '5', '5');
    const second = buf.take()!;
    expect(batchText(second)).toBe('{"id":5}\n');
    // both batches are regions of one leased buffer, one after the other
    expect(second.lease).toBe(first.lease);
    expect(second.data.byteOffset).toBe(first.data.byteOffset + first.bytes);
    expect(buf.take()).toBeUndefined();
    expect([buf.bytes, buf.rows]).toEqual([0, 0]);
  });

  it('closes a batch when its buffer is full, splitting a call across batches at a row boundary', () => {
    // buffers of 3 rows: a 5-row call becomes a full batch of 3 and an open one of 2
    const buf = pending(line * 3, line * 3);
    push(buf, [1, 2, 3, 4, 5], 'a', 'e');
    expect(buf.hasFullBatch()).toBe(true);
    const full = buf.take()!;
    expect(idsOf(full)).toEqual([1, 2, 3]);
    expect([full.startOffsetToken, full.endOffsetToken]).toEqual(['a', undefined]);
    expect(buf.hasFullBatch()).toBe(false);
    const rest = buf.take()!;
    expect(idsOf(rest)).toEqual([4, 5]);
    expect([rest.startOffsetToken, rest.endOffsetToken]).toEqual([undefined, 'e']);
    expect(rest.lease).not.toBe(full.lease);
  });

  it('gives a row larger than any buffer a buffer of its own', () => {
    const buf = pending(4, 4);
    push(buf, [123456], 't', 't');
    const batch = buf.take()!;
    expect(batch.rows).toBe(1);
    expect(batch.lease?.buffer.length).toBe('{"id":123456}\n'.length);
  });

  it('reports the oldest buffered row for the lag timer', () => {
    const buf = pending(line * 2, line * 2);
    expect(buf.oldestAppendAtMs()).toBeUndefined();
    push(buf, [1], undefined, undefined, 10);
    push(buf, [2, 3], undefined, undefined, 20); // fills the first buffer with rows from 10
    expect(buf.oldestAppendAtMs()).toBe(10);
    buf.take();
    expect(buf.oldestAppendAtMs()).toBe(20);
    buf.take();
    expect(buf.oldestAppendAtMs()).toBeUndefined();
  });

  it('grows buffers for a channel that fills them and keeps them small for one cut by the lag', () => {
    const fast = pending(1 << 16, 256);
    const sizes = new Set<number>();
    for (let i = 0; i < 200; i++) push(fast, [i % 10], undefined, undefined);
    let b: Batch | undefined;
    while ((b = fast.take())) sizes.add(b.lease!.buffer.length);
    // first buffer 256 bytes, then straight to the largest size the budget allows
    expect([...sizes]).toEqual([256, 1 << 16]);

    const slow = pending(1 << 16, 256);
    const slowSizes = new Set<number>();
    for (let i = 0; i < 200; i++) {
      push(slow, [i % 10], undefined, undefined);
      slowSizes.add(slow.take()!.lease!.buffer.length); // the lag timer cuts every row
    }
    expect([...slowSizes]).toEqual([256]);
  });

  it('caps buffers at their share of a quarter of the budget, but lets them reach 1 MiB', () => {
    const rowsOfKiB = encodeRows(
      Array.from({ length: 1000 }, (_, id) => ({ id, pad: 'x'.repeat(1000) })),
      1 << 20,
    ); // ~1 MB per call
    const grow = (budget: number, channels: number): number => {
      const shared = pool(budget);
      const writers = Array.from({ length: channels }, () => pending(4 << 20, 4096, shared));
      let largest = 0;
      for (let r = 0; r < 16; r++) {
        for (const w of writers) {
          w.push(rowsOfKiB, undefined, undefined, 0);
          // only full batches go: every writer keeps a buffer open, as busy channels do
          while (w.hasFullBatch()) {
            const size = w.take()!.lease!.buffer.length;
            // the first buffers are sized before the other writers hold theirs (and a 4 MiB one
            // takes four rounds to fill): look at the steady state
            if (r >= 8) largest = Math.max(largest, size);
          }
        }
      }
      return largest;
    };
    expect(grow(1 << 30, 2)).toBe(4 << 20); // room for full-size buffers
    expect(grow(64 << 20, 8)).toBe(2 << 20); // share 64 MiB / (4 x 8) = 2 MiB
    expect(grow(1 << 20, 8)).toBe(1 << 20); // share 32 KiB: the 1 MiB floor applies
  });

  it('reuses a buffer once every row in it is committed and it is no longer written or sent', () => {
    const p = pool();
    const buf = pending(line * 2, line * 2, p);
    push(buf, [1, 2]);
    push(buf, [3]); // the first buffer is full: it is closed
    const a = buf.take()!;
    const first = a.lease!;
    first.beginSend();
    first.release(a.bytes); // committed while a request still carries it
    expect(p.freeBytes).toBe(0);
    first.endSend();
    expect(p.freeBytes).toBe(line * 2);
    // 4 and 5 do not fit beside 3: the batch is cut before the call, which takes the first buffer
    push(buf, [4, 5]);
    const b = buf.take()!;
    expect(b.lease).not.toBe(first);
    const c = buf.take()!;
    expect(c.lease!.buffer).toBe(first.buffer);
    expect(idsOf(b)).toEqual([3]);
    expect(idsOf(c)).toEqual([4, 5]);
    expect(p.freeBytes).toBe(0);
  });

  it('never returns a buffer whose rows were dropped uncommitted', () => {
    const p = pool();
    const buf = pending(line * 2, line * 2, p);
    push(buf, [1, 2, 3]);
    const a = buf.take()!;
    expect(buf.clear()).toBe(line); // row 3, in the second buffer, is dropped
    a.lease!.release(a.bytes); // rows 1 and 2 commit: their buffer is free again
    expect(p.freeBytes).toBe(line * 2);
    // the second buffer was closed by clear() but its row was never released: it stays out
    expect([buf.bytes, buf.rows]).toEqual([0, 0]);
    expect(buf.take()).toBeUndefined();
  });

  it('splits a batch into ordered halves that keep their tokens and buffer', () => {
    const buf = pending();
    push(buf, [1, 2], 'a1', 'a2');
    push(buf, [3, 4, 5], 'b3', 'b5');
    const batch = buf.take()!;
    const [left, right] = splitBatch(batch)!;
    expect(batchText(left) + batchText(right)).toBe(batchText(batch));
    expect(left.rows).toBe(2); // at the boundary between the calls
    expect([left.startOffsetToken, left.endOffsetToken]).toEqual(['a1', 'a2']);
    expect([right.startOffsetToken, right.endOffsetToken]).toEqual(['b3', 'b5']);
    expect([left.lease, right.lease]).toEqual([batch.lease, batch.lease]);
    // one call whose tokens do not give each row's token: never cut (its end token would be lost)
    expect(splitBatch(right)).toBeUndefined();
  });

  it('cuts inside a call only where integer tokens give the last row of each part', () => {
    const buf = pending();
    push(buf, [3, 4, 5, 6], '3', '6');
    const [left, right] = splitBatch(buf.take()!)!;
    expect([left.rows, left.startOffsetToken, left.endOffsetToken]).toEqual([2, '3', '4']);
    expect([right.rows, right.startOffsetToken, right.endOffsetToken]).toEqual([2, '5', '6']);
  });

  it('keeps multi-byte rows whole and byte counts exact', () => {
    const size = Buffer.byteLength('{"s":"éé"}\n{"s":"€"}\n');
    const buf = pending(size, size);
    buf.push(encodeRows([{ s: 'éé' }, { s: '€' }, { s: 'x' }], 100), 's', 'e', 0);
    const first = buf.take()!;
    expect(batchText(first)).toBe('{"s":"éé"}\n{"s":"€"}\n');
    expect(first.bytes).toBe(first.data.byteLength);
    expect(batchText(buf.take()!)).toBe('{"s":"x"}\n');
    expect(buf.bytes).toBe(0);
  });

  it('never cuts a sealed (retained) batch of several calls: only its outer tokens are kept', () => {
    const buf = pending();
    push(buf, [1, 2], 'a1', 'a2');
    push(buf, [3, 4], 'b3', 'b4');
    const sealed = sealBatch(buf.take()!);
    expect(sealed.pieces).toHaveLength(1);
    expect([sealed.startOffsetToken, sealed.endOffsetToken]).toEqual(['a1', 'b4']);
    // its inner tokens are gone: cutting it would leave a part without its last row's token
    expect(splitBatch(sealed)).toBeUndefined();
  });

  it('keeps order and tokens over many small appends across many buffers', () => {
    const buf = pending(12 * 700, 256);
    const seen: number[] = [];
    for (let id = 1; id <= 5000; id++) {
      push(buf, [id], String(id), String(id));
      if (id % 333 === 0) {
        let batch: Batch | undefined;
        while ((batch = buf.take()) !== undefined) {
          const ids = idsOf(batch);
          expect(batch.startOffsetToken).toBe(String(ids[0]));
          expect(batch.endOffsetToken).toBe(String(ids.at(-1)));
          seen.push(...ids);
        }
      }
    }
    let batch: Batch | undefined;
    while ((batch = buf.take()) !== undefined) seen.push(...idsOf(batch));
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect([buf.rows, buf.bytes]).toEqual([0, 0]);
  });

  describe('rows sent in place (copy: false)', () => {
    // two-digit ids: 10 bytes per row, 10 rows per batch
    const ROW2 = '{"id":10}\n'.length;
    const ndjson = (from: number, count: number): Buffer =>
      Buffer.from(Array.from({ length: count }, (_, i) => `{"id":${from + i}}\n`).join(''));
    const pushInPlace = (buf: PendingBuffer, data: Buffer, start?: string, end?: string): void =>
      buf.push(encodeNdjson(data, 1 << 20, { copy: false }), start, end, 0);
    const drain = (buf: PendingBuffer): Batch[] => {
      const batches: Batch[] = [];
      for (let b = buf.take(); b; b = buf.take()) batches.push(b);
      return batches;
    };
    const range = (from: number, count: number): number[] =>
      Array.from({ length: count }, (_, i) => from + i);

    it("makes a batch of the caller's own bytes when they fill at least half a batch", () => {
      const buf = pending(ROW2 * 10);
      const data = ndjson(11, 5); // exactly half a batch
      pushInPlace(buf, data, '11', '15');
      expect(buf.hasFullBatch()).toBe(true); // goes without waiting for the lag
      const batch = buf.take()!;
      expect(batch.data.buffer).toBe(data.buffer);
      expect(batch.data.byteOffset).toBe(data.byteOffset);
      expect(batch.lease).toBeUndefined();
      expect([batch.rows, batch.startOffsetToken, batch.endOffsetToken]).toEqual([5, '11', '15']);
      expect([buf.bytes, buf.rows]).toEqual([0, 0]);
    });

    it('cuts large input into in-place batches and copies a tail under half a batch', () => {
      const buf = pending(ROW2 * 10);
      const data = ndjson(11, 23);
      pushInPlace(buf, data, '11', '33');
      expect([buf.rows, buf.bytes]).toEqual([23, 23 * ROW2]);
      const [first, second, tail, ...more] = drain(buf);
      expect(more).toEqual([]);
      expect([first!.data.buffer, second!.data.buffer]).toEqual([data.buffer, data.buffer]);
      expect([first!.lease, second!.lease]).toEqual([undefined, undefined]);
      expect(tail!.lease).toBeDefined(); // 3 rows: copied into a pooled buffer
      expect([first!, second!, tail!].map(idsOf)).toEqual([
        range(11, 10),
        range(21, 10),
        range(31, 3),
      ]);
      expect([first!, second!, tail!].map((b) => [b.startOffsetToken, b.endOffsetToken])).toEqual([
        ['11', undefined],
        [undefined, undefined],
        [undefined, '33'],
      ]);
    });

    it('copies input that would follow rows in the open batch; in place again once it is cut', () => {
      const buf = pending(ROW2 * 10);
      push(buf, [10], '10', '10');
      const copied = ndjson(11, 6);
      pushInPlace(buf, copied, '11', '16');
      const first = buf.take()!; // cut (the lag passed)
      expect(idsOf(first)).toEqual(range(10, 7));
      expect(first.data.buffer).not.toBe(copied.buffer);
      const data = ndjson(17, 6);
      pushInPlace(buf, data, '17', '22');
      const second = buf.take()!;
      expect(second.data.buffer).toBe(data.buffer);
      expect([idsOf(second), second.startOffsetToken, second.endOffsetToken]).toEqual([
        range(17, 6),
        '17',
        '22',
      ]);
    });

    it('makes one batch of rows taken unread, after the open batch, cut short so it goes first', () => {
      const buf = pending(ROW2 * 10);
      push(buf, [10, 11], '10', '11');
      const data = ndjson(12, 6);
      const encoded = encodeNdjson(data, 1 << 20, { copy: false, rowCount: 6 }, ROW2 * 10);
      if (!('check' in encoded)) throw new Error('expected the rows to be taken unread');
      buf.push(encoded, '12', '17', 5);
      push(buf, [18], '18', '18');
      expect([buf.rows, buf.bytes, buf.hasFullBatch()]).toEqual([9, 9 * ROW2, true]);
      expect(buf.oldestAppendAtMs()).toBe(0);
      const [open, unread] = [buf.take()!, buf.take()!];
      expect(idsOf(open)).toEqual([10, 11]);
      expect(open.check).toBeUndefined();
      expect(unread.data.buffer).toBe(data.buffer); // the caller's memory
      expect(unread.check).toBe(encoded.check); // run by the channel before sending
      expect([unread.rows, unread.startOffsetToken, unread.endOffsetToken]).toEqual([
        6,
        '12',
        '17',
      ]);
      expect(idsOf(buf.take()!)).toEqual([18]); // later rows go into a batch of their own
      expect([buf.rows, buf.bytes]).toEqual([0, 0]);
    });

    it('keeps thousands of queued batches in order while taking and adding', () => {
      const buf = pending(ROW2 * 2);
      const add = (from: number, count: number): void => {
        for (let id = from; id < from + count; id++) {
          pushInPlace(buf, ndjson((id % 90) + 10, 1), String(id), String(id));
        }
      };
      add(0, 2500);
      const taken: string[] = [];
      for (let i = 0; i < 1500; i++) taken.push(buf.take()!.endOffsetToken!);
      add(2500, 700);
      expect(buf.rows).toBe(1700);
      for (let b = buf.take(); b; b = buf.take()) taken.push(b.endOffsetToken!);
      expect(taken).toEqual(Array.from({ length: 3200 }, (_, i) => String(i)));
      expect([buf.rows, buf.bytes, buf.hasFullBatch(), buf.oldestAppendAtMs()]).toEqual([
        0,
        0,
        false,
        undefined,
      ]);
    });

    it('copies input under half a batch into the open batch with other rows', () => {
      const buf = pending(ROW2 * 10);
      const data = ndjson(11, 4);
      pushInPlace(buf, data, '11', '14');
      push(buf, [15], '15', '15');
      expect(buf.hasFullBatch()).toBe(false);
      const batch = buf.take()!;
      expect(idsOf(batch)).toEqual(range(11, 5));
      expect(batch.data.buffer).not.toBe(data.buffer);
    });
  });
});
