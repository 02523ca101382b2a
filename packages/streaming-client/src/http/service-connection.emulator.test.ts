import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import { createKeyPairJwtSource } from '@snowpipe/token-guard';
import {
  backoffSleeps,
  generateRsaKeyPair,
  settle,
  TEST_REQUEST_TIMEOUT_MS,
} from '../../test/fixtures/kit.js';
import { resolveClientConfig } from '../config/resolve-client-config.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { channelPath } from './paths.js';
import { createServiceConnection } from './service-connection.js';
import type { ServiceConnection, ServiceRequest } from './service-types.js';

const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
let emulator: Emulator | undefined;
let connection: ServiceConnection | undefined;

afterEach(async () => {
  await connection?.close();
  await emulator?.stop();
  connection = undefined;
  emulator = undefined;
});

async function setup(
  options: EmulatorOptions = {},
  properties: Record<string, string> | ((e: Emulator) => Record<string, string>) = {},
): Promise<{ emulator: Emulator; connection: ServiceConnection; clock: FakeClock }> {
  const clock = createFakeClock({ startMs: 1_760_000_000_000 });
  emulator = await startEmulator({ publicKeys: [publicKeyPem], clock, ...options });
  const config = await resolveClientConfig(
    {
      clientName: 'c',
      dbName: 'DB',
      schemaName: 'PUBLIC',
      pipeName: 'EVENTS-STREAMING',
      properties: {
        url: emulator.url,
        account: 'acct',
        user: 'svc',
        private_key: privateKeyPem,
        ...(typeof properties === 'function' ? properties(emulator) : properties),
      },
      retry: { maxAttempts: 4, initialDelayMs: 200, jitter: 'none' },
      requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
    },
    {},
  );
  connection = createServiceConnection({
    config,
    clock,
    random: () => 0.5,
    transport: createFetchTransport(),
  });
  return { emulator, connection, clock };
}

const OPEN: ServiceRequest = {
  operation: 'open_channel',
  plane: 'ingest',
  method: 'PUT',
  path: channelPath('DB', 'PUBLIC', 'EVENTS-STREAMING', 'ch-1'),
  body: '{}',
  expectJson: true,
};

describe('createServiceConnection against the emulator', () => {
  it.each(['plain', 'json'] as const)(
    'connects and opens a channel (%s hostname)',
    async (hostnameMode) => {
      const { emulator, connection, clock } = await setup({ hostnameMode });
      const res = await settle(clock, connection.send(OPEN));
      expect(res.json()).toMatchObject({ channel_status: { channel_status_code: 'SUCCESS' } });
      expect(connection.ingestBaseUrl()).toBe(emulator.url);
      expect(emulator.ledger.totals().requestsByEndpoint).toMatchObject({
        hostname: 1,
        token: 1,
        open: 1,
      });
      expect(connection.stats).toEqual({ requests: 3, retries: 0, tokenRefreshes: 2 });
    },
  );

  it('normalises an underscore hostname into the exchange scope, reaching ingest through ingest_url', async () => {
    const { emulator, connection, clock } = await setup({ hostnameMode: 'underscore' }, (e) => ({
      ingest_url: e.url,
    }));
    await settle(clock, connection.send(OPEN));
    expect(emulator.ingestHost).toBe('Snowpipe_Emulator-Ingest');
    expect(emulator.ledger.totals().requestsByEndpoint).toMatchObject({ token: 1, open: 1 });
  });

  it('refreshes the scoped token once on 401 and retries', async () => {
    const { emulator, connection, clock } = await setup();
    await settle(clock, connection.connect());
    emulator.faults.revokeScopedTokens();
    await settle(clock, connection.send(OPEN));
    expect(emulator.ledger.totals().requestsByEndpoint).toMatchObject({ token: 2, open: 2 });
    expect(connection.stats.tokenRefreshes).toBe(3);
  });

  it('fails a second 401 with AuthenticationError', async () => {
    const { emulator, connection, clock } = await setup();
    await settle(clock, connection.connect());
    emulator.faults.inject({ endpoint: 'open', kind: 'http401', count: 2 });
    const error = await settle(clock, connection.send(OPEN)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthenticationError', httpStatus: 401 });
    expect(emulator.ledger.totals().requestsByEndpoint).toMatchObject({ token: 2, open: 2 });
  });

  it('honours Retry-After on a 429 (fake clock sleeps exactly that long)', async () => {
    const { emulator, connection, clock } = await setup();
    await settle(clock, connection.connect());
    emulator.faults.inject({
      endpoint: 'open',
      kind: 'http429RetryAfter',
      retryAfterS: 7,
      count: 1,
    });
    await settle(clock, connection.send(OPEN));
    expect(clock.sleepLog).toContain(7000);
    expect(connection.stats.retries).toBe(1);
  });

  it('retries a 503 with a bare-string body and reports its code when retries run out', async () => {
    const { emulator, connection, clock } = await setup();
    await settle(clock, connection.connect());
    emulator.faults.inject({ endpoint: 'open', kind: 'http503', count: 1 });
    await settle(clock, connection.send(OPEN));
    emulator.faults.inject({ endpoint: 'open', kind: 'http503', count: 10 });
    const error = await settle(clock, connection.send(OPEN)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'RETRY_EXHAUSTED',
      httpStatus: 503,
      details: { attempts: 4, lastCode: 'ERR_GENERAL_EXCEPTION_RETRY_REQUEST' },
    });
    expect(backoffSleeps(clock).slice(-3)).toEqual([200, 360, 648]);
  });

  it('retries a connection reset', async () => {
    const { emulator, connection, clock } = await setup();
    await settle(clock, connection.connect());
    emulator.faults.inject({ endpoint: 'open', kind: 'reset', count: 1 });
    const res = await settle(clock, connection.send(OPEN));
    expect(res.attempts).toBe(2);
    expect(emulator.faults.fired().map((f) => f.kind)).toEqual(['reset']);
  });

  it('passes a service error through with its code (stale continuation token)', async () => {
    const { connection, clock } = await setup();
    const error = await settle(
      clock,
      connection.send({
        operation: 'append_rows',
        plane: 'ingest',
        method: 'POST',
        path: '/v2/streaming/data/databases/DB/schemas/PUBLIC/pipes/EVENTS-STREAMING/channels/nope/rows',
        query: { continuationToken: '9_9' },
        body: '{"a":1}\n',
        contentType: 'application/x-ndjson',
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'StreamingIngestError',
      httpStatus: expect.any(Number) as number,
    });
    expect((error as { code: string }).code).toMatch(/^[A-Z_]+$/);
  });

  it('PAT mode: no exchange, the token goes to both planes', async () => {
    // The emulator has no PAT store; a key-pair JWT it can verify stands in for the PAT value.
    const clockForPat = createFakeClock({ startMs: 1_760_000_000_000 });
    const pat = (
      await createKeyPairJwtSource({
        account: 'acct',
        user: 'svc',
        privateKey: privateKeyPem,
        clock: clockForPat,
      }).fetchToken()
    ).value;
    const { emulator, connection, clock } = await setup(
      {},
      { authorization_type: 'PAT', personal_access_token: pat },
    );
    await settle(clock, connection.send(OPEN));
    expect(emulator.ledger.totals().requestsByEndpoint).toMatchObject({ hostname: 1, open: 1 });
    expect(emulator.ledger.totals().requestsByEndpoint.token ?? 0).toBe(0);
  });
});
