import { describe, expect, it } from 'vitest';
import { ndjsonBatches } from './ndjson-batches.js';
import type { ReadItem } from './read-item.js';

async function collect(
  chunks: string[],
  options: Partial<Parameters<typeof ndjsonBatches>[1]> = {},
) {
  const source = (async function* () {
    for (const c of chunks) yield Buffer.from(c);
  })();
  const items: ReadItem[] = [];
  for await (const item of ndjsonBatches(source, {
    firstPosition: 1,
    resumeAfter: 0,
    maxBatchBytes: 1024,
    ...options,
  })) {
    items.push(item.kind === 'encoded' ? { ...item, ndjson: Buffer.from(item.ndjson) } : item);
  }
  return items.map((i) => (i.kind === 'encoded' ? { ...i, ndjson: i.ndjson.toString() } : i));
}

describe('ndjsonBatches', () => {
  it('joins lines split across chunks, trims CR and spaces, skips blank lines, numbers every line', async () => {
    const items = await collect(['{"a":1}\r\n\n  {"a"', ':2}  \n{"a":3}']);
    expect(items).toEqual([
      {
        kind: 'encoded',
        ndjson: '{"a":1}\n{"a":2}\n{"a":3}\n',
        rowCount: 3,
        firstPosition: 1,
        lastPosition: 4,
      },
    ]);
  });

  it('yields the rows before a bad line first, then the bad line with its number', async () => {
    const items = await collect(['{"a":1}\n{"a":2\n{"a":3}\n']);
    expect(items.map((i) => [i.kind, 'firstPosition' in i ? i.firstPosition : i.position])).toEqual(
      [
        ['encoded', 1],
        ['rejected', 2],
        ['encoded', 3],
      ],
    );
    expect(items[1]).toMatchObject({
      text: '{"a":2',
      reason: expect.stringMatching(/start with \{ and end with \}/),
    });
  });

  it('skips lines up to resumeAfter and counts from firstPosition', async () => {
    const items = await collect(['{"a":10}\n{"a":11}\n{"a":12}\n'], {
      firstPosition: 10,
      resumeAfter: 11,
    });
    expect(items).toEqual([
      { kind: 'encoded', ndjson: '{"a":12}\n', rowCount: 1, firstPosition: 12, lastPosition: 12 },
    ]);
  });

  it('cuts batches at maxBatchBytes and rejects a row longer than a batch', async () => {
    const row = `{"v":"${'x'.repeat(40)}"}`;
    const items = await collect([`${row}\n${row}\n${row}\n{"v":"${'y'.repeat(200)}"}\n`], {
      maxBatchBytes: 120,
    });
    expect(
      items.map((i) => (i.kind === 'encoded' ? i.rowCount : i.kind === 'rejected' ? i.reason : i)),
    ).toEqual([2, 1, expect.stringMatching(/larger than a request/)]);
  });
});

describe('ndjsonBatches memory bound', () => {
  it('does not hold a line far longer than a batch: rejects it by number and goes on', async () => {
    const huge = `{"v":"${'z'.repeat(300_000)}"}`;
    const chunks = ['{"a":1}\n', ...huge.match(/.{1,1000}/gs)!, '\n{"a":3}\n'];
    const items = await collect(chunks, { maxBatchBytes: 1024 });
    expect(items.map((i) => [i.kind, 'position' in i ? i.position : i.firstPosition])).toEqual([
      ['encoded', 1],
      ['rejected', 2],
      ['encoded', 3],
    ]);
    expect((items[1] as { text: string }).text.length).toBeLessThanOrEqual(64 * 1024);
  });
});
