import { gzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PIPE, makeKeyPair, rows, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';
import type { EmulatorOptions } from '../src/index.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});
const start = async (options: EmulatorOptions = {}): Promise<Harness> =>
  (h = await startHarness(options, keys));
const code = async (res: Response): Promise<string> =>
  ((await res.json()) as { code: string }).code;

const STATUS_FIELDS = [
  'database_name',
  'schema_name',
  'pipe_name',
  'channel_name',
  'channel_status_code',
  'last_committed_offset_token',
  'created_on_ms',
  'rows_inserted',
  'rows_parsed',
  'rows_error_count',
  'last_error_offset_upper_bound',
  'last_error_message',
  'last_error_timestamp',
  'snowflake_avg_processing_latency_ms',
  'status_code',
  'message',
];

describe('open channel (PUT)', () => {
  it('creates a channel: reference §5.1 shape, SUCCESS, null committed token, upper-cased names', async () => {
    const harness = await start();
    const res = await harness.call('PUT', harness.channelPath('my_channel'), {
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      next_continuation_token: string;
      channel_status: Record<string, unknown>;
    };
    expect(body.next_continuation_token).toBe('0_0');
    expect(Object.keys(body.channel_status).sort()).toEqual([...STATUS_FIELDS].sort());
    expect(body.channel_status).toMatchObject({
      database_name: 'MY_DB',
      schema_name: 'MY_SCHEMA',
      pipe_name: DEFAULT_PIPE,
      channel_name: 'MY_CHANNEL',
      channel_status_code: 'SUCCESS',
      last_committed_offset_token: null,
      created_on_ms: harness.clock.now(),
      rows_inserted: 0,
      rows_parsed: 0,
      rows_error_count: 0,
      last_error_message: null,
      last_error_timestamp: null,
    });
  });

  it('accepts an open without a body and can emit rows_errors too', async () => {
    const harness = await start({ rowsErrorsAlias: true });
    const res = await harness.call('PUT', harness.channelPath('c'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { channel_status: Record<string, unknown> };
    expect(body.channel_status.rows_errors).toBe(0);
  });

  it('reopen bumps the client sequencer, invalidates old tokens and discards uncommitted data', async () => {
    const harness = await start({ commitDelayMs: 1000 });
    const t0 = await harness.open('c');
    const r1 = await harness.append('c', t0, rows(0, 3), { endOffsetToken: '3' });
    expect(r1.status).toBe(200);
    const t1 = await harness.open('c');
    expect(t1).toBe('1_0');
    const stale = await harness.append('c', t0, rows(3, 4));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({
      code: 'STALE_CONTINUATION_TOKEN_SEQUENCER',
      message: 'Channel sequencer in the continuation token is stale. Please reopen the channel',
    });
    await harness.clock.tick(2000);
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, Record<string, unknown>>;
    };
    expect(st.channel_statuses.c).toMatchObject({
      rows_inserted: 0,
      last_committed_offset_token: null,
    });
    expect(harness.emulator.ledger.channel('my_db', 'my_schema', DEFAULT_PIPE, 'c')).toMatchObject({
      rowsReceived: 3,
      rowsCommitted: 0,
    });
  });

  it('a channel dropped and created again (by another client) answers stale to tokens of before', async () => {
    const harness = await start();
    const t0 = await harness.open('c');
    expect((await harness.append('c', t0, rows(0, 2), { endOffsetToken: '1' })).status).toBe(200);
    const dropped = await harness.call('DELETE', harness.channelPath('c'));
    expect(dropped.status).toBe(200);
    await harness.clock.tick(5);
    await harness.open('c');
    const stale = await harness.append('c', '0_1', rows(2, 1), { endOffsetToken: '2' });
    expect(stale.status).toBe(400);
    expect(await code(stale)).toBe('STALE_CONTINUATION_TOKEN_SEQUENCER');
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, Record<string, unknown>>;
    };
    expect(st.channel_statuses.c?.last_committed_offset_token).toBeNull();
  });

  it('forgetChannels (a state-losing restart): appends find no channel, the ledger stays', async () => {
    const harness = await start();
    const t0 = await harness.open('c');
    await harness.append('c', t0, rows(0, 2), { endOffsetToken: '1' });
    harness.emulator.forgetChannels();
    const lost = await harness.append('c', '0_1', rows(2, 1), { endOffsetToken: '2' });
    expect(lost.status).toBe(404);
    expect(await code(lost)).toBe('ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED');
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, unknown>;
    };
    expect(st.channel_statuses).toEqual({});
    expect(
      harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'C')?.rowsCommitted,
    ).toBe(2);
  });

  it('answers 409 ERR_CHANNEL_HAS_UNCOMMITTED_DATA on reopen with fail_on_uncommitted_rows and pending data', async () => {
    const harness = await start({ commitDelayMs: 500 });
    const t0 = await harness.open('c');
    await harness.append('c', t0, rows(0, 2));
    const res = await harness.call('PUT', harness.channelPath('c'), {
      body: JSON.stringify({ fail_on_uncommitted_rows: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(409);
    expect(await code(res)).toBe('ERR_CHANNEL_HAS_UNCOMMITTED_DATA');
    await harness.clock.tick(500);
    expect(await harness.open('c', { fail_on_uncommitted_rows: true })).toBe('1_0');
    expect(
      harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'C')?.rowsCommitted,
    ).toBe(2);
  });

  it('honours offset_token on open as the committed token', async () => {
    const harness = await start();
    const res = await harness.call('PUT', harness.channelPath('c'), {
      body: JSON.stringify({ offset_token: '41' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(
      ((await res.json()) as { channel_status: { last_committed_offset_token: string } })
        .channel_status.last_committed_offset_token,
    ).toBe('41');
  });

  it('rejects bad open bodies', async () => {
    const harness = await start();
    const json = { 'content-type': 'application/json' };
    const bad = await harness.call('PUT', harness.channelPath('c'), {
      body: '{nope',
      headers: json,
    });
    expect(bad.status).toBe(400);
    expect(await code(bad)).toBe('ERR_INVALID_REQUEST_BODY');
    expect(
      (await harness.call('PUT', harness.channelPath('c'), { body: '[]', headers: json })).status,
    ).toBe(400);
    expect(
      (
        await harness.call('PUT', harness.channelPath('c'), {
          body: '{"offset_token":5}',
          headers: json,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await harness.call('PUT', harness.channelPath('c'), {
          body: '{"fail_on_uncommitted_rows":"yes"}',
          headers: json,
        })
      ).status,
    ).toBe(400);
    const ct = await harness.call('PUT', harness.channelPath('c'), {
      body: '{}',
      headers: { 'content-type': 'text/xml' },
    });
    expect(ct.status).toBe(415);
  });
});

describe('append rows', () => {
  it('chains continuation tokens and commits synchronously with delay 0', async () => {
    const harness = await start();
    let token = await harness.open('c');
    for (let i = 0; i < 3; i++) {
      const res = await harness.append('c', token, rows(i * 10, i * 10 + 10), {
        startOffsetToken: String(i * 10),
        endOffsetToken: String(i * 10 + 9),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { next_continuation_token: string };
      expect(body).toEqual({
        status_code: 0,
        message: null,
        next_continuation_token: `0_${i + 1}`,
      });
      token = body.next_continuation_token;
    }
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, Record<string, unknown>>;
    };
    expect(st.channel_statuses.c).toMatchObject({
      rows_inserted: 30,
      rows_parsed: 30,
      rows_error_count: 0,
      last_committed_offset_token: '29',
    });
  });

  it('uses endOffsetToken, then legacy offsetToken; leaves the committed token unchanged when none is sent', async () => {
    const harness = await start();
    let t = await harness.open('c');
    const next = async (res: Response): Promise<string> =>
      ((await res.json()) as { next_continuation_token: string }).next_continuation_token;
    t = await next(await harness.append('c', t, rows(0, 1), { offsetToken: 'legacy-1' }));
    const committed = (): string | null | undefined =>
      harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'C')
        ?.committedOffsetToken;
    expect(committed()).toBe('legacy-1');
    t = await next(
      await harness.append('c', t, rows(1, 2), {
        offsetToken: 'legacy-2',
        endOffsetToken: 'end-2',
      }),
    );
    expect(committed()).toBe('end-2');
    await next(await harness.append('c', t, rows(2, 3)));
    expect(committed()).toBe('end-2');
  });

  it('answers 400 stale for a missing or malformed continuation token', async () => {
    const harness = await start();
    await harness.open('c');
    const missing = await harness.call('POST', harness.rowsPath('c'), {
      body: rows(0, 1),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(missing.status).toBe(400);
    expect(await code(missing)).toBe('STALE_CONTINUATION_TOKEN_SEQUENCER');
    expect((await harness.append('c', 'garbage', rows(0, 1))).status).toBe(400);
  });

  it('answers 409 ROW_SEQ_GAP when a token is replayed, and keeps the channel invalid until reopened', async () => {
    const harness = await start();
    const t0 = await harness.open('c');
    const t1 = (
      (await (await harness.append('c', t0, rows(0, 1))).json()) as {
        next_continuation_token: string;
      }
    ).next_continuation_token;
    const replay = await harness.append('c', t0, rows(0, 1));
    expect(replay.status).toBe(409);
    expect(await code(replay)).toBe('ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP');
    const after = await harness.append('c', t1, rows(1, 2));
    expect(after.status).toBe(409);
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, Record<string, unknown>>;
    };
    expect(st.channel_statuses.c?.channel_status_code).toBe(
      'ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP',
    );
    const t = await harness.open('c');
    expect((await harness.append('c', t, rows(1, 2))).status).toBe(200);
  });

  it('answers 409 for a token from a future client sequencer and 404 for an unknown channel', async () => {
    const harness = await start();
    await harness.open('c');
    const future = await harness.append('c', '7_0', rows(0, 1));
    expect(future.status).toBe(409);
    expect(await code(future)).toBe('ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER');
    const unknown = await harness.append('nope', '0_0', rows(0, 1));
    expect(unknown.status).toBe(404);
    expect(await code(unknown)).toBe('ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED');
  });

  it('counts unparsable lines in rows_error_count with last_error_* filled (full validation)', async () => {
    const harness = await start();
    const t = await harness.open('c');
    const body = '{"id":1}\nnot json\n\n[1,2]\n{"id":2}\r\n{"id":3}';
    expect((await harness.append('c', t, body, { endOffsetToken: '9' })).status).toBe(200);
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, Record<string, unknown>>;
    };
    expect(st.channel_statuses.c).toMatchObject({
      rows_inserted: 3,
      rows_parsed: 5,
      rows_error_count: 2,
      last_error_offset_upper_bound: '9',
      last_committed_offset_token: '9',
      last_error_timestamp: harness.clock.now(),
    });
    expect(st.channel_statuses.c?.last_error_message).toMatch(/line 2/);
  });

  it('fast validation counts rows by lines and checks their ends', async () => {
    const harness = await start({ validation: 'fast', rowKeyField: 'id' });
    const t = await harness.open('c');
    await harness.append('c', t, '{"id":1}\n{"id":1,"x":"}\n nope \n{"id":"a"}\n');
    expect(harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'c')).toMatchObject({
      rowsCommitted: 3,
      rowsErrored: 1,
      distinctKeys: 2,
      duplicateKeys: 1,
    });
  });

  it('decodes gzip bodies; zstd where Node supports it, else 415', async () => {
    const harness = await start();
    let t = await harness.open('c');
    const gz = await harness.call('POST', `${harness.rowsPath('c')}?continuationToken=${t}`, {
      body: gzipSync(rows(0, 5)),
      headers: {
        'content-type': 'application/x-ndjson',
        'content-encoding': 'gzip',
        'x-snowflake-uncompressed-content-length': '100',
      },
    });
    expect(gz.status).toBe(200);
    t = ((await gz.json()) as { next_continuation_token: string }).next_continuation_token;
    const compress = (zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer })
      .zstdCompressSync;
    const zs = await harness.call('POST', `${harness.rowsPath('c')}?continuationToken=${t}`, {
      body: compress ? compress(Buffer.from(rows(5, 10))) : Buffer.from('not really zstd'),
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'zstd' },
    });
    if (compress) expect(zs.status).toBe(200);
    else {
      expect(zs.status).toBe(415);
      expect(await code(zs)).toBe('ERR_UNSUPPORTED_CONTENT_ENCODING');
    }
    expect(
      harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'c')?.rowsCommitted,
    ).toBe(compress ? 10 : 5);
    const corrupt = await harness.call(
      'POST',
      `${harness.rowsPath('c')}?continuationToken=${compress ? '0_2' : '0_1'}`,
      {
        body: 'definitely not gzip',
        headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      },
    );
    expect(corrupt.status).toBe(400);
    expect(await code(corrupt)).toBe('ERR_INVALID_COMPRESSED_PAYLOAD');
    // The current token (so only the encoding can be wrong): one more append went through on a
    // Node with zstd.
    const current = compress ? '0_2' : '0_1';
    const br = await harness.call('POST', `${harness.rowsPath('c')}?continuationToken=${current}`, {
      body: 'x',
      headers: { 'content-encoding': 'br' },
    });
    expect(br.status).toBe(415);
  });

  it('rejects bodies over 4 MiB on the wire with 413 ERR_REQUEST_TOO_LARGE (and accepts exactly 4 MiB)', async () => {
    const harness = await start({ validation: 'fast' });
    const t = await harness.open('c');
    const line = `${JSON.stringify({ id: 1, pad: 'x'.repeat(1000) })}\n`;
    const limit = 4 * 1024 * 1024;
    const big = line.repeat(Math.ceil(limit / line.length) + 1);
    const res = await harness.append('c', t, big);
    expect(res.status).toBe(413);
    expect(await code(res)).toBe('ERR_REQUEST_TOO_LARGE');
    const exact = big.slice(0, limit - 1) + '\n';
    expect(Buffer.byteLength(exact)).toBe(limit);
    expect((await harness.append('c', t, exact)).status).toBe(200);
  });

  it('rejects wrong content types with 415 and accepts application/json rows', async () => {
    const harness = await start();
    const t = await harness.open('c');
    const xml = await harness.call('POST', `${harness.rowsPath('c')}?continuationToken=${t}`, {
      body: rows(0, 1),
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    const json = await harness.call('POST', `${harness.rowsPath('c')}?continuationToken=${t}`, {
      body: rows(0, 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(200);
  });

  it('commits after commitDelayMs on the injected clock, in order', async () => {
    const harness = await start({ commitDelayMs: 1000 });
    let t = await harness.open('c');
    for (let i = 0; i < 2; i++) {
      t = (
        (await (
          await harness.append('c', t, rows(i, i + 1), { endOffsetToken: String(i) })
        ).json()) as { next_continuation_token: string }
      ).next_continuation_token;
      await harness.clock.tick(400);
    }
    const committed = (): string | null | undefined =>
      harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'c')
        ?.committedOffsetToken;
    expect(committed()).toBeNull();
    await harness.clock.tick(200);
    expect(committed()).toBe('0');
    await harness.clock.tick(400);
    expect(committed()).toBe('1');
  });
});

describe('bulk channel status', () => {
  it('keys statuses by the names as sent; unknown names are absent', async () => {
    const harness = await start();
    await harness.open('Alpha');
    const res = await harness.status(['alpha', 'ALPHA', 'missing']);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      channel_statuses: Record<string, { channel_name: string }>;
    };
    expect(Object.keys(body.channel_statuses).sort()).toEqual(['ALPHA', 'alpha']);
    expect(body.channel_statuses.alpha?.channel_name).toBe('ALPHA');
  });

  it('answers 404 ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED for an unknown pipe; default pipes always resolve', async () => {
    const harness = await start();
    const res = await harness.status(['c'], 'NEVER_USED');
    expect(res.status).toBe(404);
    expect(await code(res)).toBe('ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED');
    expect((await harness.status(['c'], 'OTHER_TABLE-STREAMING')).status).toBe(200);
    await harness.open('c', {}, 'CUSTOM_PIPE');
    expect((await harness.status(['c'], 'custom_pipe')).status).toBe(200);
  });

  it('validates the body', async () => {
    const harness = await start();
    const path = `/v2/streaming/databases/MY_DB/schemas/MY_SCHEMA/pipes/${DEFAULT_PIPE}:bulk-channel-status`;
    expect(
      (
        await harness.call('POST', path, {
          body: '{"channel_names":"c"}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await harness.call('POST', path, {
          body: '',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await harness.call('POST', path, {
          body: '{"channel_names":[]}',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
  });
});

describe('pipes and names', () => {
  it('with autoCreatePipes off, only pre-registered and default pipes exist', async () => {
    const harness = await start({
      autoCreatePipes: false,
      pipes: [{ database: 'my_db', schema: 'my_schema', pipe: 'known' }],
    });
    const unknown = await harness.call('PUT', harness.channelPath('c', 'UNKNOWN'));
    expect(unknown.status).toBe(404);
    expect(await code(unknown)).toBe('ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED');
    expect((await harness.call('PUT', harness.channelPath('c', 'KNOWN'))).status).toBe(200);
    expect((await harness.call('PUT', harness.channelPath('c', 'T-STREAMING'))).status).toBe(200);
    expect((await harness.status(['c'], 'known')).status).toBe(200);
  });

  it('resolves unquoted names case-insensitively and keeps the case of quoted ones', async () => {
    const harness = await start();
    await harness.open('"MixedCase"', {}, '"My Table-STREAMING"');
    const res = await harness.call(
      'PUT',
      '/v2/streaming/databases/my_db/schemas/My_Schema/pipes/%22My%20Table-STREAMING%22/channels/%22MixedCase%22',
    );
    const body = (await res.json()) as {
      next_continuation_token: string;
      channel_status: Record<string, unknown>;
    };
    expect(body.next_continuation_token).toBe('1_0');
    expect(body.channel_status).toMatchObject({
      pipe_name: 'My Table-STREAMING',
      channel_name: 'MixedCase',
      schema_name: 'MY_SCHEMA',
    });
    expect(
      (await harness.call('PUT', harness.channelPath('mixedcase', '"My Table-STREAMING"'))).status,
    ).toBe(200);
    expect(
      harness.emulator.ledger
        .channels()
        .map((c) => c.channel)
        .sort(),
    ).toEqual(['MIXEDCASE', 'MixedCase']);
  });
});

describe('drop channel (DELETE)', () => {
  it('answers 200 {} and forgets the channel and its offset', async () => {
    const harness = await start();
    const t = await harness.open('c');
    await harness.append('c', t, rows(0, 1), { endOffsetToken: '0' });
    const res = await harness.call('DELETE', harness.channelPath('c'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(
      Object.keys(
        ((await (await harness.status(['c'])).json()) as { channel_statuses: object })
          .channel_statuses,
      ),
    ).toEqual([]);
    const again = await harness.call('DELETE', harness.channelPath('c'));
    expect(again.status).toBe(404);
    const reopened = await harness.call('PUT', harness.channelPath('c'));
    expect(
      ((await reopened.json()) as { channel_status: { last_committed_offset_token: unknown } })
        .channel_status.last_committed_offset_token,
    ).toBeNull();
  });

  it('honours fail_on_uncommitted_rows', async () => {
    const harness = await start({ commitDelayMs: 100 });
    const t = await harness.open('c');
    await harness.append('c', t, rows(0, 1));
    const init = {
      body: JSON.stringify({ fail_on_uncommitted_rows: true }),
      headers: { 'content-type': 'application/json' },
    };
    const res = await harness.call('DELETE', harness.channelPath('c'), init);
    expect(res.status).toBe(409);
    expect(await code(res)).toBe('ERR_CHANNEL_HAS_UNCOMMITTED_DATA');
    await harness.clock.tick(100);
    expect((await harness.call('DELETE', harness.channelPath('c'), init)).status).toBe(200);
  });
});
