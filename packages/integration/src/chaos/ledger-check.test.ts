import type { ChannelLedger } from '@snowpipe/emulator';
import { describe, expect, it } from 'vitest';
import { checkLedger } from './ledger-check.js';
import { makeRows } from './row-source.js';

function ledger(
  channel: string,
  index: number,
  ids: number[],
  token: string | null,
  duplicates = 0,
): ChannelLedger {
  const rows = ids.map((n) => makeRows(index, n, 1)[0]);
  return {
    database: 'D',
    schema: 'S',
    pipe: 'P',
    channel,
    rowsReceived: ids.length,
    rowsCommitted: ids.length,
    rowsErrored: 0,
    distinctKeys: new Set(ids).size,
    duplicateKeys: duplicates,
    duplicates: duplicates ? ['c0-1'] : [],
    committedOffsetToken: token,
    rows,
  };
}

describe('checkLedger', () => {
  it('passes an exactly-once ledger', () => {
    const v = checkLedger(
      [ledger('A', 0, [0, 1, 2], '2'), ledger('B', 1, [0, 1, 2], '2')],
      ['A', 'B'],
      3,
      true,
    );
    expect(v.problems).toEqual([]);
    expect([v.duplicates, v.missing, v.committedRows]).toEqual([0, 0, 6]);
  });

  it('reports duplicates, losses, reordering, a wrong token and an absent channel', () => {
    expect(checkLedger([ledger('A', 0, [0, 1, 1, 2], '2', 1)], ['A'], 3, true).duplicates).toBe(1);
    const lost = checkLedger([ledger('A', 0, [0, 2], '2')], ['A'], 3, true);
    expect(lost.missing).toBe(1);
    const reordered = checkLedger([ledger('A', 0, [1, 0, 2], '2')], ['A'], 3, true);
    expect(reordered.outOfOrderChannels).toEqual(['A']);
    expect(
      checkLedger([ledger('A', 0, [0, 1, 2], '1')], ['A'], 3, false).wrongTokenChannels,
    ).toEqual(['A']);
    const absent = checkLedger([], ['A'], 3, false);
    expect(absent.missing).toBe(3);
    expect(absent.problems[0]).toContain('absent');
  });
});
