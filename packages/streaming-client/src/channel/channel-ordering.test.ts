import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { createHarness, rows, settle } from '../../test/support/channel-harness.js';

const ROW = '{"id":1000}\n'.length;

describe('channel ordering and backpressure', () => {
  it('keeps one append in flight per channel and chains continuation tokens in order', async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 5 });
    const ch = await h.open('c');
    h.fake.hold();
    await ch.appendRows(rows(1000, 20));
    await settle();
    expect(h.fake.heldCount()).toBe(1);
    for (let i = 0; i < 4; i++) {
      h.fake.releaseOne();
      await settle();
    }
    h.fake.release();
    await ch.waitForFlush();
    expect(h.fake.maxInFlightAppends()).toBe(1);
    expect(h.fake.requests('append').map((r) => r.req.query?.continuationToken)).toEqual([
      '0_0',
      '0_1',
      '0_2',
      '0_3',
    ]);
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 20));
  });

  it('channels of one client send independently (one in flight each)', async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 5 });
    const a = await h.open('a');
    const b = await h.open('b');
    h.fake.hold();
    await a.appendRows(rows(1000, 10));
    await b.appendRows(rows(2000, 10));
    await settle();
    expect(h.fake.heldCount()).toBe(2);
    h.fake.release();
    await Promise.all([a.waitForFlush(), b.waitForFlush()]);
    expect(h.fake.committedRows('a')).toEqual(rows(1000, 10));
    expect(h.fake.committedRows('b')).toEqual(rows(2000, 10));
  });

  it('makes appends wait when the client buffer is full and resumes them in order as rows commit', async () => {
    const h = createHarness({ compression: 'none', maxBufferedBytes: ROW * 20, autoCommit: false });
    const ch = await h.open('c');
    await ch.appendRows(rows(1000, 20));
    let resolved = false;
    const waiting = ch.appendRows(rows(1020, 5)).then(() => (resolved = true));
    await settle();
    // pressure flushed the buffer at once, but nothing is committed: memory stays at the cap
    expect(h.fake.requests('append')).toHaveLength(1);
    expect(resolved).toBe(false);
    expect(h.budget.used()).toBe(ROW * 20);
    h.fake.commit('c');
    await h.clock.tick(250); // the poller sees the commit and releases the bytes
    await settle();
    await waiting;
    expect(resolved).toBe(true);
    ch.initiateFlush();
    await settle();
    h.fake.commit('c');
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 25));
  });

  it("rejects appends with BUFFER_FULL when backpressure is 'reject', holding memory at the cap", async () => {
    const h = createHarness({
      compression: 'none',
      maxBufferedBytes: ROW * 20,
      backpressure: 'reject',
      autoCommit: false,
    });
    const ch = await h.open('c');
    await ch.appendRows(rows(1000, 20));
    const error = await ch.appendRow({ id: 9999 }).catch((e: unknown) => e);
    expect(isStreamingIngestError(error) && error.code).toBe('BUFFER_FULL');
    expect(h.budget.used()).toBe(ROW * 20);
    ch.initiateFlush();
    await settle();
    h.fake.commit('c');
    await h.clock.tick(250);
    await settle();
    expect(h.budget.used()).toBe(0);
    await expect(ch.appendRow({ id: 9999 })).resolves.toBeUndefined();
  });

  it('shares the cap across channels of the client', async () => {
    const h = createHarness({
      compression: 'none',
      maxBufferedBytes: ROW * 10,
      backpressure: 'reject',
      autoCommit: false,
    });
    const a = await h.open('a');
    const b = await h.open('b');
    await a.appendRows(rows(1000, 10));
    await expect(b.appendRow({ id: 2000 })).rejects.toMatchObject({ code: 'BUFFER_FULL' });
  });

  it('waitForFlush rejects with FLUSH_TIMEOUT while an append goes unanswered', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    h.fake.hold();
    await ch.appendRow({ id: 1 }, '1');
    const flushed = ch.waitForFlush(500).catch((e: unknown) => e);
    await settle();
    await h.clock.tick(500);
    expect(await flushed).toMatchObject({ code: 'FLUSH_TIMEOUT' });
    h.fake.release();
    await expect(ch.waitForFlush(500)).resolves.toBeUndefined();
  });
});
