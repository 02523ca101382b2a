import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError } from '../src/index.js';
import type { EmulatorOptions, RecordedExchange } from '../src/index.js';
import { DEFAULT_PIPE, makeKeyPair, rows, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});
const start = async (options: EmulatorOptions = {}): Promise<Harness> =>
  (h = await startHarness(options, keys));
const openRaw = (harness: Harness, path: string): Promise<Response> =>
  harness.call('PUT', path, { body: '{}', headers: { 'content-type': 'application/json' } });
type Status = { rows_parsed: number; rows_inserted: number; last_committed_offset_token: string };
const statusOf = async (harness: Harness, name: string): Promise<Status> =>
  ((await (await harness.status([name])).json()) as { channel_statuses: Record<string, Status> })
    .channel_statuses[name]!;

describe('fidelity.openRetry', () => {
  it('answers ERR_GENERAL_EXCEPTION_RETRY_REQUEST (503) to the first opens of a pipe, then opens', async () => {
    const harness = await start({ fidelity: { openRetry: { failures: 2 } } });
    for (let i = 0; i < 2; i++) {
      const res = await openRaw(harness, harness.channelPath('c'));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'ERR_GENERAL_EXCEPTION_RETRY_REQUEST' });
    }
    expect((await openRaw(harness, harness.channelPath('c'))).status).toBe(200);
    // The pipe is owned now: other channels open at once.
    expect((await openRaw(harness, harness.channelPath('d'))).status).toBe(200);
  });

  it('keeps failing for durationMs after the first open, on the emulator clock, with status 500 if asked', async () => {
    const harness = await start({
      fidelity: { openRetry: { failures: 0, durationMs: 5000, status: 500 } },
    });
    expect((await openRaw(harness, harness.channelPath('c'))).status).toBe(500);
    await harness.clock.tick(4999);
    expect((await openRaw(harness, harness.channelPath('c'))).status).toBe(500);
    await harness.clock.tick(1);
    expect((await openRaw(harness, harness.channelPath('c'))).status).toBe(200);
  });
});

describe('fidelity.filterEveryNthRow', () => {
  it('filters every n-th row across appends: rows_parsed and rows_inserted stay below the rows sent', async () => {
    const harness = await start({ fidelity: { filterEveryNthRow: 3 } });
    let token = await harness.open('c');
    let res = await harness.append('c', token, rows(0, 4), { offsetToken: '3' });
    token = ((await res.json()) as { next_continuation_token: string }).next_continuation_token;
    res = await harness.append('c', token, rows(4, 7), { offsetToken: '6' });
    expect(res.status).toBe(200);
    const status = await statusOf(harness, 'c');
    // 7 rows sent, rows 3 and 6 filtered.
    expect(status.rows_parsed).toBe(5);
    expect(status.rows_inserted).toBe(5);
    expect(status.last_committed_offset_token).toBe('6');
  });

  it('refuses a filter period below 1, naming the option', async () => {
    await expect(start({ fidelity: { filterEveryNthRow: 0 } })).rejects.toThrow(
      /fidelity\.filterEveryNthRow/,
    );
    await expect(start({ fidelity: { filterEveryNthRow: 0 } })).rejects.toBeInstanceOf(
      EmulatorError,
    );
  });
});

describe("fidelity.pathCase: 'exact'", () => {
  const path = (db: string, pipe = DEFAULT_PIPE): string =>
    `/v2/streaming/databases/${encodeURIComponent(db)}/schemas/MY_SCHEMA/pipes/${encodeURIComponent(pipe)}/channels/c`;

  it('matches names case-sensitively after identifier normalisation', async () => {
    const harness = await start({ fidelity: { pathCase: 'exact' } });
    const lower = await openRaw(harness, path('my_db'));
    expect(lower.status).toBe(404);
    expect(await lower.json()).toMatchObject({ code: 'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED' });
    expect((await openRaw(harness, path('MY_DB'))).status).toBe(200);
    // A double-quoted name keeps its case, in the path as in SQL.
    expect((await openRaw(harness, path('"Mixed_Db"'))).status).toBe(200);
    expect((await openRaw(harness, path('Mixed_Db'))).status).toBe(404);
    expect((await openRaw(harness, path('MY_DB', 'my_table-STREAMING'))).status).toBe(404);
  });

  it('is off by default: lower-case unquoted names resolve upper-case', async () => {
    const harness = await start();
    expect((await openRaw(harness, path('my_db'))).status).toBe(200);
  });
});

describe('fidelity.appendStatusCode', () => {
  it('answers 200 with the non-zero status_code and the unchanged token, without taking the rows', async () => {
    const harness = await start({
      rowKeyField: 'id',
      fidelity: { appendStatusCode: { statusCode: 17, message: 'rejected' } },
    });
    const token = await harness.open('c');
    const first = await harness.append('c', token, rows(0, 2), { offsetToken: '1' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      status_code: 17,
      message: 'rejected',
      next_continuation_token: token,
    });
    const second = await harness.append('c', token, rows(0, 2), { offsetToken: '1' });
    expect(await second.json()).toMatchObject({ status_code: 0 });
    const ledger = harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, 'C');
    expect(ledger?.rowsCommitted).toBe(2);
    expect(ledger?.duplicateKeys).toBe(0);
  });
});

describe('fidelity.appendSessionHeader', () => {
  it('sends a new x-snowflake-session on every successful append reply, and on nothing else', async () => {
    const harness = await start({ fidelity: { appendSessionHeader: true } });
    const token = await harness.open('c');
    const first = await harness.append('c', token, rows(0, 1));
    const next = ((await first.json()) as { next_continuation_token: string })
      .next_continuation_token;
    const second = await harness.append('c', next, rows(1, 2));
    expect(first.headers.get('x-snowflake-session')).toBe('emulator-session-1');
    expect(second.headers.get('x-snowflake-session')).toBe('emulator-session-2');
    expect((await harness.status(['c'])).headers.get('x-snowflake-session')).toBeNull();
    const stale = await harness.append('c', token, rows(0, 1));
    expect(stale.status).not.toBe(200);
    expect(stale.headers.get('x-snowflake-session')).toBeNull();
  });
});

describe('fidelity.statusOmits', () => {
  it('leaves the channel out of the next `count` bulk-status replies that name it', async () => {
    const harness = await start({ fidelity: { statusOmits: { channel: 'c', count: 2 } } });
    await harness.open('c');
    await harness.open('d');
    const keys = async (): Promise<string[]> =>
      Object.keys(
        (
          (await (await harness.status(['c', 'd'])).json()) as {
            channel_statuses: Record<string, unknown>;
          }
        ).channel_statuses,
      );
    expect(await keys()).toEqual(['d']);
    expect(await keys()).toEqual(['d']);
    expect(await keys()).toEqual(['c', 'd']);
  });
});

describe('recorder', () => {
  it('records each exchange in order with secrets redacted and the key-pair JWT claims', async () => {
    const seen: RecordedExchange[] = [];
    const harness = await start({ recorder: (x) => seen.push(x) });
    const token = await harness.open('c');
    await harness.append('c', token, rows(0, 1), { offsetToken: '0' });
    expect(seen.map((x) => `${x.method} ${x.path.split('/').slice(-1)[0]} ${x.status}`)).toEqual([
      'POST token 200',
      'PUT c 200',
      'POST rows 200',
    ]);
    const [exchange, open, append] = seen;
    expect(exchange!.body).toContain('grant_type=');
    expect(exchange!.responseBody).toBe('[redacted]');
    expect(exchange!.headers.authorization).toBe('Bearer [redacted]:jwt');
    expect(exchange!.jwtClaims).toMatchObject({ sub: 'MYACCT.ALICE' });
    expect(open!.jwtClaims).toBeUndefined();
    expect(append!.query).toEqual([
      ['continuationToken', token],
      ['offsetToken', '0'],
    ]);
    expect(append!.body).toBe(rows(0, 1));
    const all = JSON.stringify(seen);
    expect(all).not.toContain(await harness.scoped().then((t) => t.slice(-20)));
  });
});

describe('pipe-info and the bare hostname', () => {
  it('answers :pipe-info with stage locations and encryption info but no real credentials', async () => {
    const harness = await start();
    const res = await harness.call(
      'POST',
      `/v2/streaming/databases/MY_DB/schemas/MY_SCHEMA/pipes/${DEFAULT_PIPE}:pipe-info`,
      { body: '{"generate_new_token":true}', headers: { 'content-type': 'application/json' } },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'durable_stage_location',
      'encryption_info',
      'parameter_overrides',
      'rowset_stage_location',
    ]);
  });

  it("hostnameMode 'bare' reports the host without a port", async () => {
    const harness = await start({ hostnameMode: 'bare' });
    expect(harness.emulator.ingestHost).toBe('127.0.0.1');
    const res = await harness.call('GET', '/v2/streaming/hostname', { token: await harness.jwt() });
    expect(await res.text()).toBe('127.0.0.1');
  });
});
