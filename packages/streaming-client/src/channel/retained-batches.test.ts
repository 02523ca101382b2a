import { describe, expect, it } from 'vitest';
import type { Batch } from './batch.js';
import { committedByRows, committedByToken, offsetRange } from './retained-batches.js';
import type { RetainedBatch } from './retained-batches.js';

function retained(specs: Array<[string | undefined, string | undefined, number]>): RetainedBatch[] {
  let through = 0;
  return specs.map(([start, end, rows]) => {
    through += rows;
    const batch: Batch = {
      data: Buffer.alloc(rows * 10),
      pieces: [],
      rows,
      bytes: rows * 10,
      startOffsetToken: start,
      endOffsetToken: end,
    };
    return { batch, sentAtMs: 0, rowsThrough: through };
  });
}

describe('retained batches', () => {
  const list = retained([
    ['1', '10', 10],
    [undefined, undefined, 5], // no token: positioned only by what follows it
    ['16', '20', 5],
    ['21', '30', 10],
  ]);

  it.each([
    [null, 0],
    ['0', 0],
    ['10', 1],
    ['15', 1],
    ['20', 3], // the token-less batch before "20" is committed too (commits are in order)
    ['29', 3],
    ['30', 4],
    ['999', 4],
  ])('committed token %s covers the first %i batches', (token, expected) => {
    expect(committedByToken(list, token)).toBe(expected);
  });

  it('counts batches covered by parsed rows', () => {
    expect(committedByRows(list, undefined)).toBe(0);
    expect(committedByRows(list, 9)).toBe(0);
    expect(committedByRows(list, 15)).toBe(2);
    expect(committedByRows(list, 30)).toBe(4);
  });

  it('names the offset range of undelivered batches', () => {
    expect(offsetRange(list.map((r) => r.batch))).toEqual({
      fromOffsetToken: '1',
      toOffsetToken: '30',
      rows: 30,
    });
    expect(offsetRange([])).toEqual({ fromOffsetToken: null, toOffsetToken: null, rows: 0 });
  });

  it('throws when a custom comparator cannot order the tokens', () => {
    const tokens = retained([['a', 'b', 1]]);
    expect(() =>
      committedByToken(tokens, 'c', () => {
        throw new Error('incomparable');
      }),
    ).toThrow('incomparable');
  });
});
