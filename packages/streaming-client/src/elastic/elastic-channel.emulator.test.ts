import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import {
  generateRsaKeyPair,
  recordingTelemetry,
  settle,
  TEST_REQUEST_TIMEOUT_MS,
} from '../../test/fixtures/kit.js';
import type { ClientOptions } from '../config/client-options.js';
import { resolveClientConfig } from '../config/resolve-client-config.js';
import { createServiceConnection } from '../http/service-connection.js';
import type { ServiceConnection } from '../http/service-types.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import type { Transport, TransportRequest } from '@snowpipe/transport-contract';
import { createElasticChannel } from './elastic-channel.js';
import type { ElasticAppendFailure, ElasticAppendResult, ElasticChannel } from './elastic-types.js';

const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
let emulator: Emulator | undefined;
let connection: ServiceConnection | undefined;

afterEach(async () => {
  await connection?.close();
  await emulator?.stop();
  connection = emulator = undefined;
});

interface Setup {
  emulator: Emulator;
  elastic: ElasticChannel;
  clock: FakeClock;
  sent: TransportRequest[];
  telemetry: ReturnType<typeof recordingTelemetry>;
}

async function setup(options: Partial<ClientOptions> = {}): Promise<Setup> {
  const clock = createFakeClock({ startMs: 1_760_000_000_000 });
  const em = (emulator = await startEmulator({ publicKeys: [publicKeyPem], clock }));
  const config = await resolveClientConfig(
    {
      clientName: 'c',
      dbName: 'DB',
      schemaName: 'PUBLIC',
      ...(options.tableName === undefined ? { pipeName: 'EVENTS-STREAMING' } : {}),
      properties: { url: em.url, account: 'acct', user: 'svc', private_key: privateKeyPem },
      retry: { maxAttempts: 4, initialDelayMs: 100, jitter: 'none' },
      requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
      ...options,
    },
    {},
  );
  const sent: TransportRequest[] = [];
  const inner = createFetchTransport();
  const transport: Transport = {
    request: (req) => {
      sent.push(req);
      return inner.request(req);
    },
  };
  const telemetry = recordingTelemetry();
  connection = createServiceConnection({ config, clock, random: () => 0.5, transport, telemetry });
  const elastic = createElasticChannel({ connection, config, telemetry });
  return { emulator: em, elastic, clock, sent, telemetry };
}

const rowsSent = (sent: TransportRequest[]): URL[] =>
  sent.map((r) => new URL(r.url)).filter((u) => u.pathname.endsWith('/rows'));

describe('Elastic channel against the emulator', () => {
  it('is at-least-once: same requestId on every retry, retryCount 0, 1, 2', async () => {
    const { emulator, elastic, clock, sent, telemetry } = await setup();
    emulator.faults.inject({ endpoint: 'elastic', kind: 'http503', count: 2 });
    const result = await settle(
      clock,
      elastic.appendRowsWithWait([{ id: 1 }, { id: 2 }, { id: 3 }], 'tok-1'),
    );
    expect(result).toMatchObject({ retryCount: 2, rowCount: 3, appendToken: 'tok-1' });
    const urls = rowsSent(sent);
    expect(
      urls.map((u) => [u.searchParams.get('requestId'), u.searchParams.get('retryCount')]),
    ).toEqual([
      [result.requestId, '0'],
      [result.requestId, '1'],
      [result.requestId, '2'],
    ]);
    expect(urls[0]!.pathname).toBe(
      '/v2/streaming/data/databases/DB/schemas/PUBLIC/pipes/EVENTS-STREAMING/channels/ELASTIC/rows',
    );
    for (const u of urls) {
      for (const forbidden of [
        'continuationToken',
        'offsetToken',
        'startOffsetToken',
        'endOffsetToken',
      ]) {
        expect(u.searchParams.has(forbidden)).toBe(false);
      }
    }
    const ledger = emulator.ledger.channel('DB', 'PUBLIC', 'EVENTS-STREAMING', 'ELASTIC');
    expect(ledger?.elasticRequests).toEqual([
      { requestId: result.requestId, retryCount: 2, rows: 3 },
    ]);
    expect(ledger?.rowsCommitted).toBe(3);
    const req = sent.find((r) => r.url.includes('/rows'))!;
    expect(req.headers['Content-Type']).toBe('application/x-ndjson');
    expect(req.headers['Content-Encoding']).toBe('gzip');
    expect(req.headers['x-snowflake-uncompressed-content-length']).toBe(
      String('{"id":1}\n{"id":2}\n{"id":3}\n'.length),
    );
    expect(
      telemetry.record.operations.find((o) => o.name === 'snowpipe.elastic_append'),
    ).toMatchObject({
      ended: true,
      attributes: { 'snowpipe.rows': 3, 'snowpipe.retry_count': 2 },
    });
  });

  it('uses the table form for a client made with tableName', async () => {
    const { emulator, elastic, clock, sent } = await setup({ tableName: 'CLICKS' });
    await settle(clock, elastic.appendRowWithWait({ id: 1 }));
    expect(rowsSent(sent)[0]!.pathname).toBe(
      '/v2/streaming/data/databases/DB/schemas/PUBLIC/tables/CLICKS/rows',
    );
    expect(
      emulator.ledger.channel('DB', 'PUBLIC', 'CLICKS-STREAMING', 'ELASTIC')?.rowsCommitted,
    ).toBe(1);
  });

  it('splits batches so no request passes maxRequestBytes on the wire', async () => {
    const { emulator, elastic, clock, sent } = await setup({
      compression: 'none',
      maxRequestBytes: 4096,
    });
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, pad: 'x'.repeat(40) }));
    const result = await settle(clock, elastic.appendRowsWithWait(rows));
    const bodies = sent
      .filter((r) => r.url.includes('/rows'))
      .map((r) => (r.body as Uint8Array).byteLength);
    expect(bodies.length).toBeGreaterThan(4);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(4096);
    expect(result.requests).toHaveLength(bodies.length);
    expect(new Set(result.requests.map((r) => r.requestId)).size).toBe(bodies.length);
    expect(result.rowCount).toBe(300);
    expect(
      emulator.ledger.channel('DB', 'PUBLIC', 'EVENTS-STREAMING', 'ELASTIC')?.rowsCommitted,
    ).toBe(300);
  });

  it('fire-and-forget reports to the success and error handlers with requestId and retryCount', async () => {
    const { emulator, elastic, clock } = await setup();
    const successes: ElasticAppendResult[] = [];
    const failures: ElasticAppendFailure[] = [];
    elastic.setSuccessHandler((r) => successes.push(r));
    elastic.setErrorHandler((f) => failures.push(f));
    elastic.appendRow({ id: 1 }, 'a');
    await settle(clock, elastic.waitForFlush());
    expect(successes).toEqual([
      expect.objectContaining({ retryCount: 0, rowCount: 1, appendToken: 'a' }),
    ]);

    emulator.faults.inject({ endpoint: 'elastic', kind: 'http401', count: 2 });
    elastic.appendRows([{ id: 2 }, { id: 3 }], 'b');
    await settle(clock, elastic.initiateFlush());
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      retryCount: 1,
      rowCount: 2,
      appendToken: 'b',
      acknowledged: [],
    });
    expect(failures[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(failures[0]!.error).toMatchObject({
      name: 'AuthenticationError',
      requestId: failures[0]!.requestId,
    });
  });

  it('refuses a row that is not a JSON object at the call, before any request', async () => {
    const { elastic, sent } = await setup();
    expect(() => elastic.appendRows([{ ok: 1 }, 'nope'])).toThrow(
      expect.objectContaining({ code: 'ROW_NOT_SERIALIZABLE' }),
    );
    await expect(elastic.appendRowWithWait({ fn: () => 1 })).rejects.toMatchObject({
      code: 'ROW_NOT_SERIALIZABLE',
    });
    expect(sent).toHaveLength(0);
  });

  it('logs a fire-and-forget failure when no error handler is set', async () => {
    const clock = createFakeClock();
    const error = vi.fn();
    const { elastic } = await setup();
    const config = await resolveClientConfig(
      {
        clientName: 'c',
        dbName: 'D',
        schemaName: 'S',
        pipeName: 'P',
        properties: {
          url: 'http://127.0.0.1:1',
          account: 'a',
          user: 'u',
          private_key: privateKeyPem,
        },
        retry: { maxAttempts: 1 },
      },
      {},
    );
    const dead = createServiceConnection({ config, clock, transport: createFetchTransport() });
    const lonely = createElasticChannel({ connection: dead, config, logger: { error } });
    lonely.appendRow({ id: 1 });
    await settle(clock, lonely.waitForFlush());
    expect(error).toHaveBeenCalledWith(
      'elastic append failed and no error handler is set',
      expect.anything(),
    );
    expect(elastic.name).toBe('ELASTIC');
    await dead.close();
  });
});
