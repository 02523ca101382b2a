import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PIPE, makeKeyPair, rows, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});
const next = async (res: Response): Promise<string> =>
  ((await res.json()) as { next_continuation_token: string }).next_continuation_token;

describe('ledger', () => {
  it('tracks received, committed, errored, distinct and duplicate keys per channel', async () => {
    h = await startHarness({ rowKeyField: 'id' }, keys);
    let t = await h.open('a');
    t = await next(await h.append('a', t, rows(0, 10), { endOffsetToken: '9' }));
    expect((await h.append('a', t, rows(5, 12) + 'oops\n', { endOffsetToken: '11' })).status).toBe(
      200,
    );
    const a = h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a');
    expect(a).toEqual({
      database: 'MY_DB',
      schema: 'MY_SCHEMA',
      pipe: DEFAULT_PIPE,
      channel: 'A',
      rowsReceived: 18,
      rowsCommitted: 17,
      rowsErrored: 1,
      distinctKeys: 12,
      duplicateKeys: 5,
      duplicates: ['5', '6', '7', '8', '9'],
      committedOffsetToken: '11',
    });
    const t2 = await h.open('b');
    await h.append('b', t2, rows(0, 2));
    expect(h.emulator.ledger.totals()).toMatchObject({
      rowsReceived: 20,
      rowsCommitted: 19,
      rowsErrored: 1,
      distinctKeys: 14,
      duplicateKeys: 5,
    });
    expect(h.emulator.ledger.totals().requestsByEndpoint).toMatchObject({
      open: 2,
      append: 3,
      token: 1,
    });
    expect(h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'zzz')).toBeUndefined();
  });

  it('string keys and numeric keys are both tracked', async () => {
    h = await startHarness({ rowKeyField: 'k' }, keys);
    const t = await h.open('a');
    await h.append('a', t, '{"k":"x"}\n{"k":"x"}\n{"k":7}\n{"k":7}\n{"other":1}\n');
    expect(h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a')).toMatchObject({
      distinctKeys: 2,
      duplicateKeys: 2,
      duplicates: ['x', '7'],
    });
  });

  it('bounds the list of duplicate keys at 100 while counting all of them', async () => {
    h = await startHarness({ rowKeyField: 'id', validation: 'fast' }, keys);
    const t = await h.open('a');
    await h.append('a', t, rows(0, 150) + rows(0, 150));
    const a = h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a');
    expect(a).toMatchObject({ distinctKeys: 150, duplicateKeys: 150 });
    expect(a?.duplicates).toHaveLength(100);
  });

  it('snapshots do not change under the caller', async () => {
    h = await startHarness({ rowKeyField: 'id' }, keys);
    const t = await h.open('a');
    const before = h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a');
    await h.append('a', t, rows(0, 2));
    expect(before?.rowsCommitted).toBe(0);
  });

  it('retains committed rows only when asked, bounded', async () => {
    h = await startHarness({ retainRows: 3 }, keys);
    const t = await h.open('a');
    await h.append('a', t, rows(0, 5));
    expect(h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a')?.rows).toEqual([
      { id: 0, name: 'row-0' },
      { id: 1, name: 'row-1' },
      { id: 2, name: 'row-2' },
    ]);
    await h.emulator.stop();
    h = await startHarness({}, keys);
    const t2 = await h.open('a');
    await h.append('a', t2, rows(0, 5));
    expect(
      h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a')?.rows,
    ).toBeUndefined();
  });

  it('retains rows in fast validation mode too', async () => {
    h = await startHarness({ retainRows: true, validation: 'fast' }, keys);
    const t = await h.open('a');
    await h.append('a', t, rows(0, 2) + '{bad}\n');
    expect(h.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'a')).toMatchObject({
      rows: [
        { id: 0, name: 'row-0' },
        { id: 1, name: 'row-1' },
      ],
      rowsErrored: 1,
    });
  });

  it('is served at GET /_emulator/ledger and reset by POST /_emulator/reset', async () => {
    h = await startHarness({ rowKeyField: 'id' }, keys);
    const t = await h.open('a');
    await h.append('a', t, rows(0, 4), { endOffsetToken: '3' });
    const res = await fetch(`${h.emulator.url}/_emulator/ledger`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { channels: unknown[]; totals: { rowsCommitted: number } };
    expect(body.channels).toEqual(h.emulator.ledger.channels());
    expect(body.totals.rowsCommitted).toBe(4);
    expect((await fetch(`${h.emulator.url}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(h.emulator.ledger.channels()).toEqual([]);
    expect(h.emulator.ledger.totals().requests).toBe(0);
    const health = (await (await fetch(`${h.emulator.url}/_emulator/health`)).json()) as {
      status: string;
      rssBytes: number;
      channels: number;
    };
    expect(health).toMatchObject({ status: 'ok', channels: 1 });
    expect(health.rssBytes).toBeGreaterThan(0);
  });

  it('reset() on the programmatic ledger clears it', async () => {
    h = await startHarness({}, keys);
    const t = await h.open('a');
    await h.append('a', t, rows(0, 1));
    h.emulator.ledger.reset();
    expect(h.emulator.ledger.totals()).toMatchObject({ rowsCommitted: 0, requests: 0 });
  });
});
