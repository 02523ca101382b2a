import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../errors/authentication-error.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { createHarness, rows, settle } from '../../test/support/channel-harness.js';

describe('commit poller and waitForCommit', () => {
  it('batches every channel that needs polling into one bulk-status request', async () => {
    const h = createHarness({ compression: 'none' });
    const channels = await Promise.all(['a', 'b', 'c'].map((n) => h.open(n)));
    await Promise.all(channels.map((c, i) => c.appendRow({ id: i }, String(i))));
    const waits = channels.map((c, i) => c.waitForCommit(String(i)));
    await settle();
    await h.clock.tick(250);
    await settle();
    expect(await Promise.all(waits)).toEqual(['0', '1', '2']);
    const polls = h.fake.requests('status');
    expect(polls).toHaveLength(1);
    expect(JSON.parse(polls[0]!.text!)).toEqual({ channel_names: ['a', 'b', 'c'] });
    expect(h.operations.filter((o) => o.name === 'snowpipe.status_poll')).toHaveLength(1);
  });

  it('backs off while nothing changes and stops when nothing waits', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    const before = h.clock.sleepLog.length; // after the lag sleep of the append
    const controller = new AbortController();
    const wait = ch.waitForCommit('1', { signal: controller.signal });
    await settle();
    await h.clock.tick(250 + 500 + 1000 + 2000 + 4000 + 4000);
    await settle();
    const pollSleeps = h.clock.sleepLog.slice(before).filter((ms) => ms >= 250);
    expect(pollSleeps.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(h.fake.requests('status')).toHaveLength(6);
    h.fake.commit('c');
    await h.clock.tick(4000);
    await expect(wait).resolves.toBe('1');
    // the batch is committed and nobody waits: the poller stops
    const polls = h.fake.requests('status').length;
    await h.clock.tick(60_000);
    expect(h.fake.requests('status')).toHaveLength(polls);
    expect(h.clock.pendingSleeps()).toBe(0);
    controller.abort();
  });

  it('resolves a token wait once the committed token is at or after it (numeric order)', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 10), '1', '10');
    const wait = ch.waitForCommit('9');
    await settle();
    await h.clock.tick(250);
    await expect(wait).resolves.toBe('10');
  });

  it('passes the latest committed token (null at first) to a predicate', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    const seen: Array<string | null> = [];
    await ch.appendRow({ id: 1 }, 'k-1');
    const wait = ch.waitForCommit((t) => {
      seen.push(t);
      return t === 'k-1';
    });
    await settle();
    await h.clock.tick(250);
    h.fake.commit('c');
    await h.clock.tick(500);
    await expect(wait).resolves.toBe('k-1');
    expect(seen[0]).toBeNull();
    expect(seen.at(-1)).toBe('k-1');
  });

  it('rejects with COMMIT_TIMEOUT after timeoutMs and with the reason on abort', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    const timed = ch.waitForCommit('1', { timeoutMs: 1000 }).catch((e: unknown) => e);
    const controller = new AbortController();
    const aborted = ch.waitForCommit('1', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('stop waiting'));
    expect(((await aborted) as Error).message).toBe('stop waiting');
    await h.clock.tick(1000);
    expect(await timed).toMatchObject({ code: 'COMMIT_TIMEOUT' });
  });

  it('releases committed bytes and records commit lag', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 5), '1', '5');
    expect(h.budget.used()).toBeGreaterThan(0);
    await ch.waitForFlush();
    await h.clock.tick(250);
    await settle();
    expect(h.budget.used()).toBe(0);
    expect(h.metrics.commitLag.length).toBe(1);
  });

  it('getLatestCommittedOffsetToken and getChannelStatus ask the service', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '41');
    await ch.waitForFlush();
    await expect(ch.getLatestCommittedOffsetToken()).resolves.toBe('41');
    await expect(ch.getChannelStatus()).resolves.toMatchObject({
      channelName: 'c',
      statusCode: 'SUCCESS',
      rowsParsedCount: 1,
    });
  });

  it('rejects commit waiters when a poll fails for good (authentication), and keeps polling otherwise', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    const wait = ch.waitForCommit('1').catch((e: unknown) => e);
    await settle();
    h.fake.inject({
      kind: 'status',
      error: new StreamingIngestError('busy', { code: 'HTTP_ERROR', httpStatus: 503 }),
    });
    await h.clock.tick(250);
    await settle();
    const denied = new AuthenticationError('denied', { httpStatus: 401 });
    for (let i = 0; i < 3; i++) h.fake.inject({ kind: 'status', error: denied });
    await h.clock.tick(500 + 1000 + 2000);
    expect(await wait).toBe(denied);
    expect(h.logs.filter((l) => l.startsWith('warn status poll'))).toHaveLength(4);
  });

  it('does not reject commit waiters for one authentication blip: the next good poll resolves them', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 }, '1');
    let settled = false;
    const wait = ch.waitForCommit('1').finally(() => void (settled = true));
    await settle();
    for (let i = 0; i < 2; i++) {
      h.fake.inject({
        kind: 'status',
        error: new AuthenticationError('denied', { httpStatus: 401 }),
      });
    }
    await h.clock.tick(250 + 500);
    await settle();
    expect(settled).toBe(false);
    h.fake.commit('c');
    await h.clock.tick(1000);
    await expect(wait).resolves.toBe('1');
  });

  it('reports rows appended to the metrics once the service acknowledges them', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 7));
    expect(h.metrics.rowsAppended).toBe(0);
    await ch.waitForFlush();
    expect(h.metrics.rowsAppended).toBe(7);
    expect(h.counters).toMatchObject({ rowsAppended: 7, rowsSent: 7, batchesSent: 1 });
  });
});
