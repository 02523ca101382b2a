import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@snowpipe/test-utils';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { Channel } from './channel-types.js';
import { createHarness, rows, settle } from '../../test/support/channel-harness.js';
import { ndjsonText } from '../../test/support/ndjson-text.js';

const ROW = '{"id":1000}\n'.length; // 12 bytes per row from rows(1000, n)

describe('channel batching', () => {
  it('sends as soon as a batch reaches maxBatchBytes, the rest after maxClientLagMs', async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
    const ch = await h.open('c');
    await ch.appendRows(rows(1000, 25));
    await settle();
    const sent = h.fake.requests('append');
    expect(sent.map((r) => r.text!.split('\n').length - 1)).toEqual([10, 10]);
    await h.clock.tick(999);
    await settle();
    expect(h.fake.requests('append')).toHaveLength(2);
    await h.clock.tick(1);
    await settle();
    expect(h.fake.requests('append')).toHaveLength(3);
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 25));
  });

  it('waits maxClientLagMs from the oldest buffered row, then sends everything buffered in one batch', async () => {
    const h = createHarness({ compression: 'none', maxClientLagMs: 1000 });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 });
    await h.clock.tick(600);
    await ch.appendRow({ id: 2 });
    await settle();
    expect(h.fake.requests('append')).toHaveLength(0);
    await h.clock.tick(400);
    await settle();
    const sent = h.fake.requests('append');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe('{"id":1}\n{"id":2}\n');
  });

  it('initiateFlush sends without waiting for the lag', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRow({ id: 1 });
    ch.initiateFlush();
    await settle();
    expect(h.fake.requests('append')).toHaveLength(1);
  });

  it('sends NDJSON with the documented headers and offset-token query parameters', async () => {
    const h = createHarness({ compression: 'gzip' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 3), '1', '3');
    await ch.waitForFlush();
    const [req] = h.fake.requests('append');
    expect(req!.req.contentType).toBe('application/x-ndjson');
    expect(req!.req.contentEncoding).toBe('gzip');
    expect(req!.req.headers?.['x-snowflake-uncompressed-content-length']).toBe(
      String('{"id":1}\n'.length * 3),
    );
    expect(req!.req.query).toEqual({
      startOffsetToken: '1',
      endOffsetToken: '3',
      continuationToken: '0_0',
    });
    expect(req!.req.scope).toBeDefined();
    expect(h.operations.find((o) => o.name === 'snowpipe.append_batch')?.attributes).toMatchObject({
      channel: 'c',
      pipe: 'P',
      rows: 3,
    });
  });

  it('compresses at the configured level', async () => {
    const text = ndjsonText(rows(1000, 200));
    for (const compressionLevel of [1, 9]) {
      const h = createHarness({ compression: 'gzip', compressionLevel });
      const ch = await h.open('c');
      await ch.appendRows(rows(1000, 200), '1', '200');
      await ch.waitForFlush();
      const [req] = h.fake.requests('append');
      expect(req!.req.body).toEqual(gzipSync(text, { level: compressionLevel }));
    }
  });

  it('omits offset-token parameters when the batch carries none and sends no encoding header uncompressed', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendRows(rows(1, 2));
    await ch.waitForFlush();
    const [req] = h.fake.requests('append');
    expect(req!.req.query).toEqual({
      startOffsetToken: undefined,
      endOffsetToken: undefined,
      continuationToken: '0_0',
    });
    expect(req!.req.contentEncoding).toBeUndefined();
    expect(req!.req.headers?.['x-snowflake-uncompressed-content-length']).toBeUndefined();
  });

  it('keeps every request within maxRequestBytes on the wire by splitting, in order, with the right tokens', async () => {
    const h = createHarness({ compression: 'none', maxRequestBytes: 50, maxBatchBytes: 10_000 });
    const ch = await h.open('c');
    for (let i = 1000; i < 1020; i++) await ch.appendRow({ id: i }, String(i));
    await ch.waitForFlush();
    const sent = h.fake.requests('append');
    expect(sent.length).toBeGreaterThan(4);
    for (const r of sent) {
      expect((r.req.body as Uint8Array).byteLength).toBeLessThanOrEqual(50);
      const lines = r
        .text!.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number });
      expect(r.req.query?.startOffsetToken).toBe(String(lines[0]!.id));
      expect(r.req.query?.endOffsetToken).toBe(String(lines.at(-1)!.id));
    }
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 20));
    expect(h.fake.channel('c')?.committed).toBe('1019');
  });

  it('splits a gzip batch that is still over the cap after compression, each part carrying its own last token', async () => {
    const random = createSeededRandom(7);
    const hex = () =>
      Array.from({ length: 100 }, () => Math.floor(random() * 16).toString(16)).join('');
    const h = createHarness({ compression: 'gzip', maxRequestBytes: 2000 });
    const ch = await h.open('c');
    const data = Array.from({ length: 100 }, (_, i) => ({ id: i, payload: hex() }));
    await ch.appendRows(data, '0', '99');
    await ch.waitForFlush();
    const sent = h.fake.requests('append');
    expect(sent.length).toBeGreaterThan(2);
    for (const r of sent) expect((r.req.body as Uint8Array).byteLength).toBeLessThanOrEqual(2000);
    expect(h.fake.committedRows('c')).toEqual(data);
    // Every request commits up to its own last row: a resume from the committed token after any
    // of them resends nothing that committed.
    for (const r of sent) {
      const ids = r
        .text!.split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: number }).id);
      expect(r.req.query?.startOffsetToken).toBe(String(ids[0]));
      expect(r.req.query?.endOffsetToken).toBe(String(ids.at(-1)));
    }
  });

  it('fails an append carrying a row too large for any request, buffering nothing of that call', async () => {
    const h = createHarness({ compression: 'none', maxRequestBytes: 64 });
    const ch = await h.open('c');
    const error = await ch
      .appendRows([{ id: 1 }, { big: 'x'.repeat(100) }])
      .catch((e: unknown) => e);
    expect(isStreamingIngestError(error) && error.code).toBe('ROW_TOO_LARGE');
    await ch.appendRow({ id: 2 });
    await ch.waitForFlush();
    expect(h.fake.committedRows('c')).toEqual([{ id: 2 }]);
  });

  it('fails an append with an unserialisable row at once, naming it, and buffers nothing of that call', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    const error = await ch.appendRows([{ id: 1 }, { id: new Map() }]).catch((e: unknown) => e);
    expect(isStreamingIngestError(error) && error.code).toBe('ROW_NOT_SERIALIZABLE');
    expect((error as Error).message).toContain('row 1');
    await ch.appendRow({ id: 3 });
    await ch.waitForFlush();
    expect(h.fake.committedRows('c')).toEqual([{ id: 3 }]);
    expect(h.counters.rowsAppended).toBe(1);
  });
});

describe('appendEncodedRows', () => {
  it('sends ready JSON rows in order with objects, offset tokens and batching unchanged', async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
    const ch = await h.open('c');
    const encoded = rows(1000, 12).map((r) => JSON.stringify(r));
    await ch.appendEncodedRows(`${encoded.slice(0, 5).join('\n')}\n`, '1', '5');
    await ch.appendEncodedRows(
      encoded.slice(5, 9).map((r) => Buffer.from(r)),
      '6',
      '9',
    );
    await ch.appendRows(rows(1009, 3), '10', '12');
    ch.initiateFlush();
    await ch.waitForFlush();
    const sent = h.fake.requests('append');
    // the third call does not fit the room left: the batch is cut before it, never inside it
    expect(sent.map((r) => r.text!.split('\n').length - 1)).toEqual([9, 3]);
    expect(sent[0]!.text).toBe(`${encoded.slice(0, 9).join('\n')}\n`);
    expect(sent.map((r) => r.req.query?.endOffsetToken)).toEqual(['9', '12']);
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 12));
    const wait = ch.waitForCommit('12');
    await h.clock.tick(250);
    await expect(wait).resolves.toBe('12');
    expect(h.budget.used()).toBe(0);
  });

  it('fails a call with a malformed row at once, naming it, and buffers nothing of it', async () => {
    const h = createHarness({ compression: 'none' });
    const ch = await h.open('c');
    await ch.appendEncodedRows('{"id":1}\n', '1', '1');
    const error: unknown = await ch
      .appendEncodedRows('{"id":2}\nnot json\n{"id":3}\n', '2', '4')
      .catch((e: unknown) => e);
    expect(isStreamingIngestError(error) && error.code).toBe('INVALID_ENCODED_ROW');
    expect(isStreamingIngestError(error) && error.details?.rowIndex).toBe(1);
    ch.initiateFlush();
    await ch.waitForFlush();
    expect(h.fake.committedRows('c')).toEqual([{ id: 1 }]);
  });

  it('copies bytes by default, so the caller may reuse them once the append resolves', async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
    const ch = await h.open('c');
    const data = Buffer.from(ndjsonText(rows(1000, 6)));
    await ch.appendEncodedRows(data, '1', '6');
    data.fill(0x20); // reused by the caller
    ch.initiateFlush();
    await ch.waitForFlush();
    expect(h.fake.committedRows('c')).toEqual(rows(1000, 6));
  });

  it("with copy false, sends the caller's bytes in place and releases them on commit", async () => {
    const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
    const ch = await h.open('c');
    const data = Buffer.from(ndjsonText(rows(1000, 6)));
    await ch.appendEncodedRows(data, '1', '6', { copy: false });
    await ch.appendEncodedRows(Buffer.from(data), '7', '12'); // copied: the default
    await ch.waitForFlush();
    const bodies = h.fake.requests('append').map((r) => r.req.body as Uint8Array);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.buffer).toBe(data.buffer); // the same memory: nothing was copied
    expect(bodies[0]!.byteOffset).toBe(data.byteOffset);
    expect(bodies[1]!.buffer).not.toBe(data.buffer);
    expect(h.fake.committedRows('c')).toEqual([...rows(1000, 6), ...rows(1000, 6)]);
    const wait = ch.waitForCommit('12');
    await h.clock.tick(250);
    await expect(wait).resolves.toBe('12');
    expect(h.budget.used()).toBe(0);
  });

  describe('with copy false and rowCount (rows checked right before they are sent)', () => {
    const appendUnread = (ch: Channel, data: Buffer, from: number, rowCount: number) =>
      ch.appendEncodedRows(data, String(from), String(from + rowCount - 1), {
        copy: false,
        rowCount,
      });

    it("sends the caller's bytes after the rows before them, and counts the rows it was told", async () => {
      const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
      const ch = await h.open('c');
      await ch.appendRows(rows(1000, 2), '1', '2');
      const data = Buffer.from(ndjsonText(rows(1002, 6)));
      await appendUnread(ch, data, 3, 6);
      await ch.appendRows(rows(1008, 1), '9', '9');
      ch.initiateFlush();
      await ch.waitForFlush();
      const sent = h.fake.requests('append');
      expect(sent.map((r) => r.text!.split('\n').length - 1)).toEqual([2, 6, 1]);
      expect((sent[1]!.req.body as Uint8Array).buffer).toBe(data.buffer); // not copied
      expect(h.fake.committedRows('c')).toEqual(rows(1000, 9));
      expect([h.counters.rowsAppended, h.counters.rowsSent]).toEqual([9, 9]);
      const wait = ch.waitForCommit('9');
      await h.clock.tick(250);
      await expect(wait).resolves.toBe('9');
      expect(h.budget.used()).toBe(0);
    });

    it.each<[string, string, number, Record<string, unknown>]>([
      [
        'a malformed row',
        `${ndjsonText(rows(1002, 3))}not json\n${ndjsonText(rows(1006, 2))}`,
        6,
        { code: 'INVALID_ENCODED_ROW', rowIndex: 3 },
      ],
      [
        'a wrong count',
        ndjsonText(rows(1002, 6)),
        7,
        { code: 'ROW_COUNT_MISMATCH', lines: 6, rowCount: 7 },
      ],
    ])(
      'fails the channel on %s before sending any of that batch, naming its offset tokens',
      async (_label, text, rowCount, expected) => {
        const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
        const ch = await h.open('c');
        await ch.appendRows(rows(1000, 2), '1', '2');
        await appendUnread(ch, Buffer.from(text), 3, rowCount); // taken on trust: resolves
        const failure: unknown = await ch.waitForFlush().catch((e: unknown) => e);
        if (!isStreamingIngestError(failure)) throw new Error('expected a StreamingIngestError');
        const { code, ...details } = expected;
        expect(failure.code).toBe(code);
        expect(failure.details).toMatchObject({
          ...details,
          channelName: 'c',
          fromOffsetToken: '3',
          toOffsetToken: String(2 + rowCount),
        });
        expect(failure.message).toMatch(/did not send the rows appended with offset tokens 3 to/);
        // only the rows before it went out; nothing of the unchecked batch
        expect(h.fake.requests('append').map((r) => r.text)).toEqual([ndjsonText(rows(1000, 2))]);
        await expect(ch.appendRows(rows(1, 1))).rejects.toBe(failure);
        expect(h.budget.used()).toBe(0);
      },
    );

    it('holds a copied append to the count at once, buffering nothing of it', async () => {
      const h = createHarness({ compression: 'none', maxBatchBytes: ROW * 10 });
      const ch = await h.open('c');
      const data = Buffer.from(ndjsonText(rows(1000, 6)));
      await expect(ch.appendEncodedRows(data, '1', '6', { rowCount: 5 })).rejects.toMatchObject({
        code: 'ROW_COUNT_MISMATCH',
      });
      await ch.appendEncodedRows(data, '1', '6', { rowCount: 6 });
      await ch.waitForFlush();
      expect(h.fake.committedRows('c')).toEqual(rows(1000, 6));
    });
  });
});
