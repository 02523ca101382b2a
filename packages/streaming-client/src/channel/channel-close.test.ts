import { describe, expect, it } from 'vitest';
import { createHarness, rows, settle } from '../../test/support/channel-harness.js';

describe('channel close', () => {
  it('flushes, waits for commit, drops when asked, and refuses later appends', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 3), '1', '3');
    const closing = ch.close({ drop: true });
    await settle();
    await h.clock.tick(250);
    await closing;
    expect(h.fake.committedRows('c')).toEqual(rows(1, 3));
    expect(h.fake.requests('drop')).toHaveLength(1);
    expect(ch.isClosed()).toBe(true);
    expect(h.budget.used()).toBe(0);
    await expect(ch.appendRow({ id: 4 })).rejects.toMatchObject({ code: 'CHANNEL_CLOSED' });
    const op = h.operations.find((o) => o.name === 'snowpipe.close_channel');
    expect(op).toMatchObject({ ended: true, attributes: { channel: 'c', drop: true } });
    expect(h.operations.some((o) => o.name === 'snowpipe.drop_channel')).toBe(true);
  });

  it('logs progress every minute and fails with CLOSE_TIMEOUT saying how far it got', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false, closeTimeoutMs: 150_000 });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 5), '1', '5');
    await ch.waitForFlush();
    await ch.appendRows(rows(6, 5), '6', '10');
    await ch.waitForFlush();
    h.fake.commit('c', 1); // the second batch's commit is withheld
    const closing = ch.close().catch((e: unknown) => e);
    for (let t = 0; t < 150_000; t += 10_000) await h.clock.tick(10_000);
    const error = await closing;
    expect(error).toMatchObject({
      code: 'CLOSE_TIMEOUT',
      details: {
        stage: 'commit',
        rowsCommitted: 5,
        rowsTotal: 10,
        latestCommittedOffsetToken: '5',
      },
    });
    expect((error as Error).message).toContain('5 of 10 rows committed');
    const progress = h.logs.filter((l) => l.startsWith('info closing channel'));
    expect(progress).toHaveLength(2); // at 1 and 2 minutes
    expect(progress[0]).toContain('5 of 10 rows committed, latest committed offset token 5');
    expect(ch.isClosed()).toBe(true);
    expect(h.budget.used()).toBe(0);
    expect(h.fake.requests('drop')).toHaveLength(0);
  });

  it('does not wait for commit when waitForCommit is false', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    await ch.close({ waitForCommit: false });
    expect(h.fake.requests('append')).toHaveLength(1);
    expect(ch.isClosed()).toBe(true);
  });

  it('closes through Symbol.asyncDispose, and a second close is the same promise', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    const first = ch[Symbol.asyncDispose]();
    expect(ch.close()).toBe(first);
    await settle();
    await h.clock.tick(250);
    await first;
    expect(h.fake.committedRows('c')).toEqual([{ id: 1 }]);
  });

  it('rejects close with the channel failure instead of hiding undelivered rows', async () => {
    const h = createHarness({ compression: 'none', recovery: false });
    const ch = await h.open('c');
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    await ch.appendRow({ id: 1 }, '1');
    await expect(ch.close()).rejects.toMatchObject({ code: 'REPLAY_IMPOSSIBLE' });
    expect(ch.isClosed()).toBe(true);
  });
});
