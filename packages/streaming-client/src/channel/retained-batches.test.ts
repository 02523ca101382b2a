import { describe, expect, it } from 'vitest';
import type { Batch } from './batch.js';
import { matchCommittedToken, offsetRange } from './retained-batches.js';
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

  const own = (count: number) => ({ kind: 'own', count });
  it.each([
    ['the token found at open', '0', '0', undefined, own(0)],
    ['the first batch', '10', '0', undefined, own(1)],
    ['a later batch, with the token-less one before it', '20', '0', undefined, own(3)],
    ['the last batch', '30', '0', undefined, own(4)],
    ['a token between two of ours (not one we sent)', '15', '0', undefined, { kind: 'foreign' }],
    ['a higher token than any we sent', '999', '0', undefined, { kind: 'foreign' }],
    ['null after a non-null token', null, '0', undefined, { kind: 'regressed' }],
    ['a token before the one found at open', '-5', '0', undefined, { kind: 'regressed' }],
    ['unchanged, the token-less batch covered by parsed rows', '10', '10', 15, own(0)],
    ['no token at open and none committed yet', null, null, undefined, own(0)],
  ] as const)('committed %s: %j', (_label, committed, confirmed, parsed, expected) => {
    expect(matchCommittedToken(list, committed, confirmed, parsed)).toEqual(expected);
  });

  it('confirms token-less batches by parsed rows only up to the next batch with a token', () => {
    expect(matchCommittedToken(list, '10', '0', 30)).toEqual(own(2));
    expect(matchCommittedToken(list.slice(1), '0', '0', 15)).toEqual(own(1));
  });

  it('a token ending several batches confirms only as far as the parsed rows prove', () => {
    const twice = retained([
      ['5', '5', 1],
      ['5', '5', 1],
    ]);
    expect(matchCommittedToken(twice, '5', '4', undefined)).toEqual(own(1));
    expect(matchCommittedToken(twice, '5', '4', 2)).toEqual(own(2));
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
      matchCommittedToken(tokens, 'c', 'a', undefined, () => {
        throw new Error('incomparable');
      }),
    ).toThrow('incomparable');
  });
});
