import { describe, expect, it } from 'vitest';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { createHarness, rows, settle } from '../../test/support/channel-harness.js';
import { ndjsonText } from '../../test/support/ndjson-text.js';

const ROW = '{"id":1000}\n'.length;
const ids = (list: unknown[]) => list.map((r) => (r as { id: number }).id);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('channel recovery', () => {
  it('with reclaimOnTakeover, reopens after a stale continuation token and replays only the batches after the committed token', async () => {
    const h = createHarness({
      compression: 'none',
      maxBatchBytes: ROW * 10,
      autoCommit: false,
      reclaimOnTakeover: true,
    });
    const ch = await h.open('c');
    await ch.appendRows(rows(1000, 10), '1000', '1009');
    await ch.appendRows(rows(1010, 10), '1010', '1019');
    await settle();
    h.fake.commit('c', 1); // batch A commits; B is accepted but not committed
    h.fake.bumpSequencer('c'); // another writer: B is discarded, our token is stale
    await ch.appendRows(rows(1020, 10), '1020', '1029');
    await settle();
    h.fake.setAutoCommit(true);
    h.fake.commit('c');
    await ch.waitForFlush();
    const opens = h.fake.requests('open');
    expect(opens).toHaveLength(2);
    expect(JSON.parse(opens[1]!.text!)).toEqual({ fail_on_uncommitted_rows: false });
    expect(ids(h.fake.committedRows('c'))).toEqual(range(1000, 30));
    expect(h.counters.recoveries).toBe(1);
    expect(h.counters.rowsReplayed).toBe(20);
    expect(
      h.logs.some((l) => l.startsWith('warn') && l.includes('STALE_CONTINUATION_TOKEN_SEQUENCER')),
    ).toBe(true);
    expect(h.operations.some((o) => o.events.includes('snowpipe.recovery'))).toBe(true);
    const committed = ch.waitForCommit('1029');
    await h.clock.tick(250);
    await expect(committed).resolves.toBe('1029');
    expect(h.budget.used()).toBe(0);
  });

  it("replays batches sent in place (copy: false) from the caller's bytes, exactly once", async () => {
    const h = createHarness({
      compression: 'none',
      maxBatchBytes: ROW * 10,
      autoCommit: false,
      reclaimOnTakeover: true,
    });
    const ch = await h.open('c');
    const ndjson = (from: number): Buffer => Buffer.from(ndjsonText(rows(from, 10)));
    await ch.appendEncodedRows(ndjson(1000), '1000', '1009', { copy: false });
    await ch.appendEncodedRows(ndjson(1010), '1010', '1019', { copy: false });
    await settle();
    h.fake.commit('c', 1);
    h.fake.bumpSequencer('c'); // the second batch is discarded: it must be replayed
    await ch.appendEncodedRows(ndjson(1020), '1020', '1029', { copy: false });
    await settle();
    h.fake.setAutoCommit(true);
    h.fake.commit('c');
    await ch.waitForFlush();
    expect(ids(h.fake.committedRows('c'))).toEqual(range(1000, 30));
    expect(h.counters.rowsReplayed).toBe(20);
    const committed = ch.waitForCommit('1029');
    await h.clock.tick(250);
    await expect(committed).resolves.toBe('1029');
    expect(h.budget.used()).toBe(0);
  });

  it('recovers when the poller reports a non-SUCCESS status', async () => {
    const h = createHarness({ compression: 'none', autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 5), '1', '5');
    ch.initiateFlush();
    await settle();
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    const wait = ch.waitForCommit('5');
    await h.clock.tick(250);
    await settle();
    expect(h.fake.requests('open')).toHaveLength(2);
    h.fake.commit('c');
    await h.clock.tick(250);
    await expect(wait).resolves.toBe('5');
    expect(ids(h.fake.committedRows('c'))).toEqual(range(1, 5));
  });

  it('recovers from a 409 invalidation on append', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    await ch.appendRows(rows(1, 3), '1', '3');
    await ch.waitForFlush();
    expect(ids(h.fake.committedRows('c'))).toEqual([1, 2, 3]);
    expect(h.counters.recoveries).toBe(1);
  });

  it.each([
    ['committed before the failure surfaced', true],
    ['accepted but discarded by the reopen', false],
  ])('resolves an ambiguous append failure exactly once (batch %s)', async (_label, committed) => {
    const h = createHarness({ compression: 'none', autoCommit: committed });
    const ch = await h.open('c');
    h.fake.inject({
      kind: 'append',
      afterApply: true,
      error: new StreamingIngestError('socket reset', { code: 'NETWORK' }),
    });
    await ch.appendRows(rows(1, 4), '1', '4');
    await ch.waitForFlush();
    h.fake.commit('c');
    expect(ids(h.fake.committedRows('c'))).toEqual([1, 2, 3, 4]);
  });

  it('fails the channel with REPLAY_IMPOSSIBLE (naming the offset range) when recovery is disabled', async () => {
    const h = createHarness({ compression: 'none', recovery: false });
    const ch = await h.open('c');
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    await ch.appendRows(rows(1, 3), '7', '9');
    const error = await ch.waitForFlush().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'REPLAY_IMPOSSIBLE',
      details: { fromOffsetToken: '7', toOffsetToken: '9', rows: 3 },
    });
    await expect(ch.appendRow({ id: 4 })).rejects.toBe(error);
    expect(h.budget.used()).toBe(0);
  });

  it('gives up with RECOVERY_EXHAUSTED after maxRecoveryAttempts failed reopens', async () => {
    const h = createHarness({ compression: 'none', maxRecoveryAttempts: 3 });
    const ch = await h.open('c');
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    for (let i = 0; i < 3; i++) {
      h.fake.inject({
        kind: 'open',
        error: new StreamingIngestError('busy', { code: 'HTTP_ERROR', httpStatus: 503 }),
      });
    }
    await ch.appendRows(rows(1, 2), '1', '2');
    const flushed = ch.waitForFlush().catch((e: unknown) => e);
    await settle();
    for (let i = 0; i < 5; i++) {
      await h.clock.tick(5000);
      await settle();
    }
    expect(await flushed).toMatchObject({
      code: 'RECOVERY_EXHAUSTED',
      details: { fromOffsetToken: '1', toOffsetToken: '2' },
    });
    expect(h.fake.requests('open')).toHaveLength(4); // initial open + 3 failed reopens
  });

  it('replays batches without offset tokens at-least-once (they cannot be positioned)', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 2));
    await ch.waitForFlush(); // committed, but the poller has not confirmed it yet
    h.fake.setStatus('c', 'ERR_CHANNEL_MUST_BE_REOPENED');
    await ch.appendRows(rows(3, 2));
    await ch.waitForFlush();
    expect(ids(h.fake.committedRows('c'))).toEqual([1, 2, 1, 2, 3, 4]);
  });

  it('fails with REPLAY_IMPOSSIBLE when a committed token cannot be compared', async () => {
    const h = createHarness({
      compression: 'none',
      offsetTokenComparator: () => {
        throw new Error('incomparable');
      },
    });
    const ch = await h.open('c', { offsetToken: 'x' });
    await ch.appendRow({ id: 1 }, 'a');
    await ch.waitForFlush();
    h.fake.channel('c')!.committed = 'zzz'; // neither ours nor orderable against ours
    const wait = ch.waitForCommit((t) => t === 'never').catch((e: unknown) => e);
    await h.clock.tick(250);
    expect(await wait).toMatchObject({
      code: 'REPLAY_IMPOSSIBLE',
      details: { fromOffsetToken: 'a', toOffsetToken: 'a' },
    });
  });

  it('refuses an append whose tokens the comparator cannot order, buffering nothing', async () => {
    const h = createHarness({
      compression: 'none',
      offsetTokenComparator: () => {
        throw new Error('incomparable');
      },
    });
    const ch = await h.open('c');
    await expect(ch.appendRows(rows(1, 2), 'a', 'b')).rejects.toMatchObject({
      code: 'INVALID_OFFSET_TOKEN',
    });
    expect(h.counters.rowsAppended).toBe(0);
  });

  it('fences on a takeover status: CHANNEL_TAKEN_OVER names sent and waiting rows, no reopen', async () => {
    const h = createHarness({ compression: 'none', maxBufferedBytes: ROW * 10, autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRows(rows(1000, 10), '1000', '1009'); // fills the client budget
    ch.initiateFlush();
    await settle();
    const waiting = ch.appendRows(rows(1010, 5), '1010', '1014').catch((e: unknown) => e);
    h.fake.setStatus('c', 'ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER');
    const commit = ch.waitForCommit('1014').catch((e: unknown) => e);
    await h.clock.tick(250);
    await settle();
    const error = await commit;
    expect(error).toMatchObject({
      code: 'CHANNEL_TAKEN_OVER',
      details: {
        fromOffsetToken: '1000',
        toOffsetToken: '1014',
        rows: 10,
        pendingRows: 5,
        latestCommittedOffsetToken: null,
      },
    });
    expect(await waiting).toBe(error);
    await expect(ch.appendRow({ id: 1 }, '1015')).rejects.toBe(error);
    expect(h.fake.requests('open')).toHaveLength(1);
    expect(h.budget.used()).toBe(0);
  });

  it('does not reopen on an authentication failure: the channel fails with it', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    const auth = new StreamingIngestError('denied', {
      code: 'AUTHENTICATION_FAILED',
      httpStatus: 401,
    });
    Object.defineProperty(auth, 'name', { value: 'AuthenticationError' });
    h.fake.inject({ kind: 'append', error: auth });
    await ch.appendRow({ id: 1 }, '1');
    await expect(ch.waitForFlush()).rejects.toBe(auth);
    expect(h.fake.requests('open')).toHaveLength(1);
  });
});
