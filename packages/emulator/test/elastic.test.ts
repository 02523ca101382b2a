import { afterEach, describe, expect, it } from 'vitest';
import { makeKeyPair, rows, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});

const ndjson = { 'content-type': 'application/x-ndjson' };

describe('Elastic channels', () => {
  it('table form: 200 {"message":"OK"}, rows committed under <TABLE>-STREAMING / ELASTIC with requestId and retryCount', async () => {
    h = await startHarness({ rowKeyField: 'id' }, keys);
    const path = '/v2/streaming/data/databases/my_db/schemas/my_schema/tables/events/rows';
    const first = await h.call('POST', `${path}?requestId=req-1&retryCount=0`, {
      body: rows(0, 3),
      headers: ndjson,
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ message: 'OK' });
    const retry = await h.call('POST', `${path}?requestId=req-1&retryCount=1`, {
      body: rows(0, 3),
      headers: ndjson,
    });
    expect(retry.status).toBe(200);
    const ledger = h.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', 'EVENTS-STREAMING', 'ELASTIC');
    expect(ledger).toMatchObject({
      rowsReceived: 6,
      rowsCommitted: 6,
      distinctKeys: 3,
      duplicateKeys: 3,
      committedOffsetToken: null,
    });
    expect(ledger?.elasticRequests).toEqual([
      { requestId: 'req-1', retryCount: 0, rows: 3 },
      { requestId: 'req-1', retryCount: 1, rows: 3 },
    ]);
  });

  it('pipe form: .../pipes/{pipe}/channels/ELASTIC/rows', async () => {
    h = await startHarness({}, keys);
    const res = await h.call(
      'POST',
      '/v2/streaming/data/databases/my_db/schemas/my_schema/pipes/custom/channels/ELASTIC/rows',
      { body: rows(0, 2), headers: ndjson },
    );
    expect(res.status).toBe(200);
    expect(
      h.emulator.ledger.channel('my_db', 'my_schema', 'custom', 'elastic')?.rowsCommitted,
    ).toBe(2);
  });

  it.each(['offsetToken', 'startOffsetToken', 'endOffsetToken', 'continuationToken'])(
    'rejects %s with 400',
    async (param) => {
      h = await startHarness({}, keys);
      const res = await h.call(
        'POST',
        `/v2/streaming/data/databases/d/schemas/s/tables/t/rows?${param}=1`,
        { body: rows(0, 1), headers: ndjson },
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('ERR_INVALID_REQUEST_PARAMETER');
    },
  );

  it('with autoCreatePipes off, the pipe form needs a known pipe; the table form always resolves', async () => {
    h = await startHarness({ autoCreatePipes: false }, keys);
    const unknown = await h.call(
      'POST',
      '/v2/streaming/data/databases/d/schemas/s/pipes/nope/channels/ELASTIC/rows',
      { body: rows(0, 1), headers: ndjson },
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe(
      'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
    );
    expect(
      (
        await h.call('POST', '/v2/streaming/data/databases/d/schemas/s/tables/t/rows', {
          body: rows(0, 1),
          headers: ndjson,
        })
      ).status,
    ).toBe(200);
  });

  it('needs auth and enforces the 4 MiB limit', async () => {
    h = await startHarness({ maxRequestBytes: 100 }, keys);
    const path = '/v2/streaming/data/databases/d/schemas/s/tables/t/rows';
    expect(
      (await fetch(`${h.emulator.url}${path}`, { method: 'POST', body: rows(0, 1) })).status,
    ).toBe(401);
    expect((await h.call('POST', path, { body: rows(0, 10), headers: ndjson })).status).toBe(413);
  });
});
