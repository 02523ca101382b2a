import { describe, expect, it } from 'vitest';
import { sealBatch, splitBatch } from './batch.js';
import type { Batch, Chunk } from './batch.js';
import { encodeRows } from './encode-rows.js';
import { createPendingBuffer } from './pending-buffer.js';

const batchText = (batch: Batch): string => batch.data.toString('utf8');

function chunk(ids: number[], start?: string, end?: string): Chunk {
  const e = encodeRows(
    ids.map((id) => ({ id })),
    1 << 20,
  );
  return {
    data: e.data,
    rows: e.rows,
    startOffsetToken: start,
    endOffsetToken: end,
    appendedAtMs: 0,
  };
}

describe('pending buffer and batches', () => {
  it('takes rows in order up to the byte target, carrying the offset tokens of whole chunks', () => {
    const buf = createPendingBuffer();
    buf.push(chunk([1], '1', '1'));
    buf.push(chunk([2, 3, 4], '2', '4'));
    buf.push(chunk([5], '5', '5'));
    const line = '{"id":1}\n'.length; // 9 bytes per row
    const first = buf.take(line * 3)!;
    expect(batchText(first)).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
    // the batch ends inside the second chunk: its last token is the first chunk's
    expect(first.startOffsetToken).toBe('1');
    expect(first.endOffsetToken).toBe('1');
    const second = buf.take(line * 10)!;
    expect(batchText(second)).toBe('{"id":4}\n{"id":5}\n');
    expect(second.startOffsetToken).toBeUndefined(); // starts mid-chunk
    expect(second.endOffsetToken).toBe('5');
    expect(buf.take(100)).toBeUndefined();
    expect(buf.bytes).toBe(0);
    expect(buf.rows).toBe(0);
  });

  it('always takes at least one row, even above the target', () => {
    const buf = createPendingBuffer();
    buf.push(chunk([123456]));
    expect(buf.take(1)?.rows).toBe(1);
  });

  it('splits a batch into ordered halves that keep their tokens', () => {
    const buf = createPendingBuffer();
    buf.push(chunk([1, 2], 'a1', 'a2'));
    buf.push(chunk([3, 4, 5], 'b3', 'b5'));
    const batch = buf.take(1 << 20)!;
    const [left, right] = splitBatch(batch);
    expect(batchText(left) + batchText(right)).toBe(batchText(batch));
    expect(left.rows).toBe(2);
    expect(left.startOffsetToken).toBe('a1');
    expect(left.endOffsetToken).toBe('a2');
    expect(right.startOffsetToken).toBe('b3');
    expect(right.endOffsetToken).toBe('b5');
    const [l2, r2] = splitBatch(right);
    expect(l2.endOffsetToken).toBeUndefined(); // inside chunk b: no token of its own
    expect(r2.endOffsetToken).toBe('b5');
  });

  it('cuts multi-byte rows only at row boundaries and keeps the byte count exact', () => {
    const buf = createPendingBuffer();
    const e = encodeRows([{ s: 'éé' }, { s: '€' }, { s: 'x' }], 100);
    buf.push({
      data: e.data,
      rows: e.rows,
      startOffsetToken: 's',
      endOffsetToken: 'e',
      appendedAtMs: 0,
    });
    const first = buf.take(Buffer.byteLength('{"s":"éé"}\n{"s":"€"}\n'))!;
    expect(batchText(first)).toBe('{"s":"éé"}\n{"s":"€"}\n');
    expect(first.bytes).toBe(first.data.byteLength);
    expect(buf.bytes).toBe(e.bytes - first.bytes);
    expect(batchText(buf.take(1)!)).toBe('{"s":"x"}\n');
    expect(buf.bytes).toBe(0);
  });

  it('splits a sealed (retained) batch keeping only its outer tokens', () => {
    const buf = createPendingBuffer();
    buf.push(chunk([1, 2], 'a1', 'a2'));
    buf.push(chunk([3, 4], 'b3', 'b4'));
    const sealed = sealBatch(buf.take(1 << 20)!);
    expect(sealed.pieces).toHaveLength(1);
    expect([sealed.startOffsetToken, sealed.endOffsetToken]).toEqual(['a1', 'b4']);
    const [left, right] = splitBatch(sealed);
    expect(batchText(left)).toBe('{"id":1}\n{"id":2}\n');
    expect(batchText(right)).toBe('{"id":3}\n{"id":4}\n');
    expect([left.startOffsetToken, left.endOffsetToken]).toEqual(['a1', undefined]);
    expect([right.startOffsetToken, right.endOffsetToken]).toEqual([undefined, 'b4']);
  });

  it('keeps order and tokens over many small appends (queue compaction)', () => {
    const buf = createPendingBuffer();
    for (let id = 1; id <= 5000; id++) buf.push(chunk([id], String(id), String(id)));
    const line = '{"id":1000}\n'.length; // ids 1000..5000 are 12 bytes
    const seen: number[] = [];
    let batch: Batch | undefined;
    while ((batch = buf.take(line * 700)) !== undefined) {
      const ids = batchText(batch)
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id);
      expect(batch.startOffsetToken).toBe(String(ids[0]));
      expect(batch.endOffsetToken).toBe(String(ids.at(-1)));
      seen.push(...ids);
      expect(buf.oldestAppendAtMs()).toBe(buf.rows > 0 ? 0 : undefined);
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect([buf.rows, buf.bytes]).toEqual([0, 0]);
  });
});
