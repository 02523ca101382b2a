import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import {
  fakeJwt,
  generateRsaKeyPair,
  recordingTelemetry,
  settle,
  TEST_REQUEST_TIMEOUT_MS,
  backoffSleeps,
} from '../../test/fixtures/kit.js';
import { resolveClientConfig } from '../config/resolve-client-config.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { createServiceConnection } from './service-connection.js';
import type { ServiceConnection, ServiceRequest } from './service-types.js';
import { SDK_VERSION } from './user-agent.js';

const CONTROL = 'https://acct.snowflakecomputing.com';
const INGEST = 'https://acct.ingest.example';
const { privateKeyPem } = generateRsaKeyPair();
const server = setupServer();

interface Seen {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}
let seen: Seen[] = [];
let exchanges = 0;

function controlHandlers(clock: FakeClock, hostBody = 'acct.ingest.example') {
  return [
    http.get(`${CONTROL}/v2/streaming/hostname`, () => HttpResponse.text(hostBody)),
    http.post(`${CONTROL}/oauth/token`, () => {
      exchanges++;
      const iat = Math.floor(clock.now() / 1000);
      return HttpResponse.text(fakeJwt({ iat, exp: iat + 3600, n: exchanges }));
    }),
  ];
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen = [];
  exchanges = 0;
});
afterAll(() => server.close());

server.events.on('request:start', ({ request }) => {
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => (headers[k] = v));
  void request
    .clone()
    .text()
    .then((body) =>
      seen.push({ url: new URL(request.url), method: request.method, headers, body }),
    );
});

async function connect(
  properties: Record<string, string> = {},
  extra: { telemetry?: Telemetry; maxResponseBytes?: number; maxAttempts?: number } = {},
): Promise<{ connection: ServiceConnection; clock: FakeClock }> {
  const clock = createFakeClock({ startMs: 1_760_000_000_000 });
  server.use(...controlHandlers(clock, properties.__hostBody));
  const { __hostBody: _h, ...props } = properties;
  const config = await resolveClientConfig(
    {
      clientName: 'c',
      dbName: 'DB',
      schemaName: 'S',
      pipeName: 'P',
      properties: {
        url: CONTROL,
        account: 'acct',
        user: 'svc',
        private_key: privateKeyPem,
        application: 'MyApp',
        ...props,
      },
      retry: { maxAttempts: extra.maxAttempts ?? 3, initialDelayMs: 100, jitter: 'none' },
      requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
    },
    {},
  );
  const connection = createServiceConnection({
    config,
    clock,
    random: () => 0.5,
    transport: createFetchTransport(
      extra.maxResponseBytes ? { maxResponseBytes: extra.maxResponseBytes } : {},
    ),
    ...(extra.telemetry ? { telemetry: extra.telemetry } : {}),
  });
  return { connection, clock };
}

const ROWS: ServiceRequest = {
  operation: 'append_rows',
  plane: 'ingest',
  method: 'POST',
  path: '/v2/streaming/data/databases/DB/schemas/S/pipes/P/channels/c/rows',
  query: { continuationToken: 'ct-1', endOffsetToken: '5' },
  body: '{"a":1}\n',
  contentType: 'application/x-ndjson',
};

describe('createServiceConnection over fetch (msw)', () => {
  it('authenticates key-pair JWT → hostname → scoped token and sends the documented headers', async () => {
    const telemetry = recordingTelemetry();
    const { connection, clock } = await connect({}, { telemetry });
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        HttpResponse.json({ next_continuation_token: 'ct-2' }),
      ),
    );
    const res = await settle(clock, connection.send({ ...ROWS, expectJson: true }));
    expect(res.json()).toEqual({ next_continuation_token: 'ct-2' });
    expect(connection.ingestBaseUrl()).toBe(INGEST);

    const [host, token, rows] = seen;
    const ua = `SnowpipeStreamingTS/${SDK_VERSION} (${process.platform} ${process.arch}) NODE/${process.versions.node} (app=MyApp)`;
    for (const s of seen) {
      expect(s.headers.accept).toBe('application/json');
      expect(s.headers['user-agent']).toBe(ua);
      expect(s.url.searchParams.get('requestId')).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.url.search.startsWith('?requestId=')).toBe(true);
    }
    expect(host).toMatchObject({
      method: 'GET',
      url: new URL(
        `${CONTROL}/v2/streaming/hostname?requestId=${host!.url.searchParams.get('requestId')}`,
      ),
    });
    expect(host!.headers['x-snowflake-authorization-token-type']).toBe('KEYPAIR_JWT');
    const jwt = host!.headers.authorization!.replace(/^Bearer /, '');
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ sub: 'ACCT.SVC', iat: 1_760_000_000 });
    expect(claims).not.toHaveProperty('scp');

    expect(token!.headers).not.toHaveProperty('x-snowflake-authorization-token-type');
    expect(token!.headers.authorization).toBe(`Bearer ${jwt}`);
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      scope: 'acct.ingest.example',
    });

    expect(rows!.url.origin).toBe(INGEST);
    expect(rows!.headers['x-snowflake-authorization-token-type']).toBe('OAUTH');
    expect(rows!.headers.authorization).toMatch(/^Bearer .+\..+\..+$/);
    expect(rows!.headers.authorization).not.toBe(`Bearer ${jwt}`);
    expect(rows!.headers['content-type']).toBe('application/x-ndjson');
    expect([...rows!.url.searchParams.keys()]).toEqual([
      'requestId',
      'continuationToken',
      'endOffsetToken',
    ]);
    expect(connection.stats).toEqual({ requests: 3, retries: 0, tokenRefreshes: 2 });

    expect(telemetry.record.operations.map((o) => [o.name, o.ended])).toEqual([
      ['snowpipe.discover_host', true],
      ['snowpipe.exchange_token', true],
    ]);
    expect(
      telemetry.record.attempts.map((a) => [
        a.operation,
        a.method,
        a.serverAddress,
        a.serverPort,
        a.result?.status,
      ]),
    ).toEqual([
      ['snowpipe.discover_host', 'GET', 'acct.snowflakecomputing.com', 443, 200],
      ['snowpipe.exchange_token', 'POST', 'acct.snowflakecomputing.com', 443, 200],
    ]);
    await connection.close();
  });

  it('puts the role in the key-pair JWT scp claim and in the exchange scope', async () => {
    const { connection, clock } = await connect({ role: 'INGEST_ROLE' });
    await settle(clock, connection.connect());
    const jwt = seen[0]!.headers.authorization!.replace(/^Bearer /, '');
    expect(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())).toMatchObject({
      scp: 'session:role:INGEST_ROLE',
    });
    expect(new URLSearchParams(seen[1]!.body).get('scope')).toBe(
      'acct.ingest.example session:role:INGEST_ROLE',
    );
  });

  it.each([
    ['{"hostname":"Acct_X.Ingest.Example"}', 'acct-x.ingest.example'],
    ['"ACCT.INGEST.EXAMPLE"', 'acct.ingest.example'],
  ])('reads hostname body %s', async (body, host) => {
    const { connection, clock } = await connect({ __hostBody: body });
    await settle(clock, connection.connect());
    expect(new URLSearchParams(seen[1]!.body).get('scope')).toBe(host);
    expect(connection.ingestBaseUrl()).toBe(`https://${host}`);
  });

  it('retries 503s with the same requestId, growing resendCount, and strips continuationToken from spans', async () => {
    const telemetry = recordingTelemetry();
    const { connection, clock } = await connect({}, { telemetry });
    await settle(clock, connection.connect());
    let calls = 0;
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        ++calls < 3
          ? HttpResponse.json('ERR_GENERAL_EXCEPTION_RETRY_REQUEST', { status: 503 })
          : HttpResponse.json({ ok: 1 }),
      ),
    );
    const scope = telemetry.startOperation('snowpipe.append_batch', {});
    const res = await settle(clock, connection.send({ ...ROWS, scope, requestId: 'fixed-id' }));
    expect(res.attempts).toBe(3);
    const rowCalls = seen.filter((s) => s.url.pathname.endsWith('/rows'));
    expect(rowCalls.map((s) => s.url.searchParams.get('requestId'))).toEqual([
      'fixed-id',
      'fixed-id',
      'fixed-id',
    ]);
    const spans = telemetry.record.attempts.filter((a) => a.operation === 'snowpipe.append_batch');
    expect(spans.map((a) => [a.resendCount, a.result?.status])).toEqual([
      [0, 503],
      [1, 503],
      [2, 200],
    ]);
    expect(spans[0]!.url).toBe(`${INGEST}${ROWS.path}?requestId=fixed-id&endOffsetToken=5`);
    expect(backoffSleeps(clock)).toEqual([100, 180]);
    expect(connection.stats.retries).toBe(2);
  });

  it('exhausts retries on a bare-string 503 into RETRY_EXHAUSTED with the service code', async () => {
    const { connection, clock } = await connect();
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        HttpResponse.json('ERR_GENERAL_EXCEPTION_RETRY_REQUEST', { status: 503 }),
      ),
    );
    const error = await settle(clock, connection.send({ ...ROWS, requestId: 'r-9' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'RETRY_EXHAUSTED',
      httpStatus: 503,
      requestId: 'r-9',
      details: {
        reason: 'ATTEMPTS_EXHAUSTED',
        attempts: 3,
        lastCode: 'ERR_GENERAL_EXCEPTION_RETRY_REQUEST',
      },
    });
  });

  it.each([
    [
      { code: 'STALE_CONTINUATION_TOKEN_SEQUENCER', message: 'reopen' },
      400,
      'STALE_CONTINUATION_TOKEN_SEQUENCER',
      'reopen',
    ],
    [
      { error_code: 'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED', message: 'no pipe' },
      404,
      'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
      'no pipe',
    ],
    [{ error: 'ERR_PIPE_KIND_NOT_SUPPORTED' }, 400, 'ERR_PIPE_KIND_NOT_SUPPORTED', undefined],
    [
      { code: '391902', message: 'Unsupported Accept header null is specified' },
      406,
      '391902',
      'Unsupported Accept header',
    ],
    [{ status_code: 7, message: 'bad' }, 400, '7', 'bad'],
    ['ERR_CHANNEL_MUST_BE_REOPENED', 409, 'ERR_CHANNEL_MUST_BE_REOPENED', undefined],
    [null, 400, 'HTTP_ERROR', undefined],
  ])('parses error body %j (HTTP %i) without retrying', async (body, status, code, message) => {
    const { connection, clock } = await connect();
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        body === null ? new HttpResponse('', { status }) : HttpResponse.json(body, { status }),
      ),
    );
    const error = (await settle(clock, connection.send({ ...ROWS, requestId: 'r-1' })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({
      name: 'StreamingIngestError',
      code,
      httpStatus: status,
      requestId: 'r-1',
    });
    if (message) expect(error.message).toContain(message);
    expect(seen.filter((s) => s.url.pathname.endsWith('/rows'))).toHaveLength(1);
  });

  it('retries ERR_OPEN_CHANNEL_IN_PROGRESS (409) and honours Retry-After (seconds)', async () => {
    const { connection, clock } = await connect();
    let calls = 0;
    server.use(
      http.put(`${INGEST}/v2/streaming/databases/*`, () =>
        ++calls === 1
          ? HttpResponse.json(
              { code: 'ERR_OPEN_CHANNEL_IN_PROGRESS' },
              { status: 409, headers: { 'Retry-After': '3' } },
            )
          : HttpResponse.json({}),
      ),
    );
    await settle(
      clock,
      connection.send({
        operation: 'open_channel',
        plane: 'ingest',
        method: 'PUT',
        path: '/v2/streaming/databases/DB/schemas/S/pipes/P/channels/c',
        body: '{}',
      }),
    );
    expect(calls).toBe(2);
    expect(backoffSleeps(clock)).toEqual([3000]);
  });

  it('fails a 2xx body that is not JSON with INVALID_RESPONSE when JSON is required, once', async () => {
    const { connection, clock } = await connect();
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        HttpResponse.text('{"next_continuation_token": '),
      ),
    );
    await expect(
      settle(clock, connection.send({ ...ROWS, expectJson: true })),
    ).rejects.toMatchObject({ code: 'INVALID_RESPONSE', httpStatus: 200 });
    expect(seen.filter((s) => s.url.pathname.endsWith('/rows'))).toHaveLength(1);
    const ok = await settle(clock, connection.send(ROWS));
    expect(ok.json()).toBeUndefined();
  });

  it('fails an oversized response with INVALID_RESPONSE', async () => {
    const { connection, clock } = await connect({}, { maxResponseBytes: 4096 });
    await settle(clock, connection.connect());
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.text('x'.repeat(100_000))),
    );
    await expect(settle(clock, connection.send(ROWS))).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      details: { transportCode: 'BODY_TOO_LARGE' },
    });
  });

  it('refreshes the scoped token once on 401 and fails a second 401 with AuthenticationError', async () => {
    const { connection, clock } = await connect();
    await settle(clock, connection.connect());
    let calls = 0;
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        ++calls === 1
          ? HttpResponse.json({ code: '390144', message: 'JWT token is invalid.' }, { status: 401 })
          : HttpResponse.json({}),
      ),
    );
    await settle(clock, connection.send(ROWS));
    expect(exchanges).toBe(2);
    const auths = seen
      .filter((s) => s.url.pathname.endsWith('/rows'))
      .map((s) => s.headers.authorization);
    expect(auths[0]).not.toBe(auths[1]);

    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        HttpResponse.json({ code: '390144', message: 'JWT token is invalid.' }, { status: 401 }),
      ),
    );
    const error = await settle(clock, connection.send({ ...ROWS, requestId: 'r-401' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'AuthenticationError',
      code: '390144',
      httpStatus: 401,
      requestId: 'r-401',
    });
    expect(exchanges).toBe(3);
  });

  it('coalesces concurrent 401s for one token into one refresh', async () => {
    const { connection, clock } = await connect();
    await settle(clock, connection.connect());
    const rejected = new Set<string>();
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, ({ request }) => {
        const auth = request.headers.get('authorization')!;
        if (rejected.size === 0 || rejected.has(auth)) {
          rejected.add(auth);
          return HttpResponse.json({ code: '390144' }, { status: 401 });
        }
        return HttpResponse.json({});
      }),
    );
    await settle(clock, Promise.all(Array.from({ length: 5 }, () => connection.send(ROWS))));
    expect(exchanges).toBe(2);
  });

  it('does not retry with retry "none", and with "idempotent-only" only when the request cannot have arrived', async () => {
    const { connection, clock } = await connect();
    await settle(clock, connection.connect());
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.json({}, { status: 503 })),
    );
    await expect(settle(clock, connection.send({ ...ROWS, retry: 'none' }))).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      httpStatus: 503,
    });
    server.use(http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.error()));
    await expect(
      settle(clock, connection.send({ ...ROWS, retry: 'idempotent-only' })),
    ).rejects.toMatchObject({
      code: 'NETWORK',
      details: { transportCode: 'UNKNOWN', mayHaveReachedServer: true },
    });
    expect(seen.filter((s) => s.url.pathname.endsWith('/rows'))).toHaveLength(2);
  });

  it('rejects with the abort reason and refuses requests after close', async () => {
    const { connection, clock } = await connect();
    await settle(clock, connection.connect());
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(connection.send({ ...ROWS, signal: controller.signal })).rejects.toBe(reason);
    await connection.close();
    await expect(connection.send(ROWS)).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it('PAT: no exchange, PROGRAMMATIC_ACCESS_TOKEN on both planes', async () => {
    const { connection, clock } = await connect({
      authorization_type: 'PAT',
      personal_access_token: 'pat-123',
    });
    server.use(http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.json({})));
    await settle(clock, connection.send(ROWS));
    expect(
      seen.map((s) => [
        s.url.pathname,
        s.headers.authorization,
        s.headers['x-snowflake-authorization-token-type'],
      ]),
    ).toEqual([
      ['/v2/streaming/hostname', 'Bearer pat-123', 'PROGRAMMATIC_ACCESS_TOKEN'],
      [ROWS.path, 'Bearer pat-123', 'PROGRAMMATIC_ACCESS_TOKEN'],
    ]);
    expect(exchanges).toBe(0);
  });

  it('OAUTH: refresh-token grant with Basic client auth, OAUTH type on both planes, rotated refresh token kept', async () => {
    const { connection, clock } = await connect({
      authorization_type: 'OAUTH',
      oauth_client_id: 'cid',
      oauth_client_secret: 'csecret',
      oauth_refresh_token: 'rt-1',
    });
    let grants = 0;
    server.use(
      http.post(`${CONTROL}/oauth/token-request`, () =>
        HttpResponse.json({
          access_token: `at-${++grants}`,
          expires_in: 600,
          refresh_token: `rt-${grants + 1}`,
        }),
      ),
      http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.json({})),
    );
    await settle(clock, connection.send(ROWS));
    const grant = seen[0]!;
    expect(grant.headers.authorization).toBe(
      `Basic ${Buffer.from('cid:csecret').toString('base64')}`,
    );
    expect(grant.headers).not.toHaveProperty('x-snowflake-authorization-token-type');
    expect(Object.fromEntries(new URLSearchParams(grant.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
    });
    expect(
      seen
        .slice(1)
        .map((s) => [s.headers.authorization, s.headers['x-snowflake-authorization-token-type']]),
    ).toEqual([
      ['Bearer at-1', 'OAUTH'],
      ['Bearer at-1', 'OAUTH'],
    ]);
    await clock.tick(600_000);
    await settle(clock, connection.send(ROWS));
    const second = seen.filter((s) => s.url.pathname === '/oauth/token-request')[1]!;
    expect(new URLSearchParams(second.body).get('refresh_token')).toBe('rt-2');
    expect(exchanges).toBe(0);
  });
  it('does not multiply retries when the token exchange keeps failing', async () => {
    const { connection, clock } = await connect();
    let tokenCalls = 0;
    server.use(
      http.post(`${CONTROL}/oauth/token`, () => {
        tokenCalls++;
        return HttpResponse.json('ERR_GENERAL_EXCEPTION_RETRY_REQUEST', { status: 503 });
      }),
    );
    const error = await settle(clock, connection.send(ROWS)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'RETRY_EXHAUSTED',
      httpStatus: 503,
      details: { attempts: 3 },
    });
    expect(tokenCalls).toBe(3);
    expect(seen.filter((s) => s.url.pathname.endsWith('/rows'))).toHaveLength(0);
  });

  it('surfaces a rejected exchange (400) as the service error, and a bad JWT (401 twice) as AuthenticationError', async () => {
    const { connection, clock } = await connect();
    server.use(
      http.post(`${CONTROL}/oauth/token`, () =>
        HttpResponse.json({ code: 'invalid_scope', message: 'bad scope' }, { status: 400 }),
      ),
    );
    await expect(settle(clock, connection.send(ROWS))).rejects.toMatchObject({
      code: 'invalid_scope',
      httpStatus: 400,
    });
    server.use(
      http.post(`${CONTROL}/oauth/token`, () =>
        HttpResponse.json({ code: '390144', message: 'JWT token is invalid.' }, { status: 401 }),
      ),
    );
    await expect(settle(clock, connection.send(ROWS))).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: '390144',
    });
  });

  it('keeps tokens, keys and secrets out of errors and inspect output', async () => {
    const { connection, clock } = await connect({
      authorization_type: 'PAT',
      personal_access_token: 'pat-secret-42',
    });
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        HttpResponse.json({ code: '390144' }, { status: 401 }),
      ),
    );
    const error = await settle(clock, connection.send(ROWS)).catch((e: unknown) => e);
    server.use(http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.error()));
    const network = await settle(clock, connection.send(ROWS)).catch((e: unknown) => e);
    for (const shown of [
      inspect(error, { depth: 8 }),
      inspect(network, { depth: 8 }),
      inspect(connection, { depth: 8 }),
      JSON.stringify(error),
    ]) {
      expect(shown).not.toContain('pat-secret-42');
      expect(shown).not.toContain('ct-1');
    }
    const jwtMode = await connect();
    await settle(jwtMode.clock, jwtMode.connection.connect());
    const jwt = seen
      .find(
        (s) =>
          s.url.pathname === '/v2/streaming/hostname' &&
          s.headers.authorization !== 'Bearer pat-secret-42',
      )!
      .headers.authorization!.slice(7);
    expect(inspect(jwtMode.connection, { depth: 8 })).not.toContain(jwt.slice(0, 40));
  });

  it('OAUTH: client credentials against an external endpoint keeps its query and gets no requestId', async () => {
    const { connection, clock } = await connect({
      authorization_type: 'OAUTH',
      oauth_client_id: 'cid',
      oauth_client_secret: 'csecret',
      oauth_token_endpoint: 'https://idp.example/oauth2/token?tenant=t1',
    });
    server.use(
      http.post('https://idp.example/oauth2/token', () =>
        HttpResponse.json({ access_token: 'at-x', expires_in: 3600 }),
      ),
      http.post(`${INGEST}/v2/streaming/data/*`, () => HttpResponse.json({})),
    );
    await settle(clock, connection.send(ROWS));
    const grant = seen[0]!;
    expect(grant.url.href).toBe('https://idp.example/oauth2/token?tenant=t1');
    expect(Object.fromEntries(new URLSearchParams(grant.body))).toEqual({
      grant_type: 'client_credentials',
    });
  });
  it("attaches the telemetry's retry and token observers", async () => {
    const onRetry = vi.fn();
    const onRefreshSuccess = vi.fn();
    const telemetry = {
      ...recordingTelemetry(),
      retryObserver: { onRetry },
      tokenObserver: { onRefreshSuccess },
    };
    const { connection, clock } = await connect({}, { telemetry });
    let calls = 0;
    server.use(
      http.post(`${INGEST}/v2/streaming/data/*`, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 500 }) : HttpResponse.json({}),
      ),
    );
    await settle(clock, connection.send(ROWS));
    expect(onRetry).toHaveBeenCalledWith(
      expect.objectContaining({ operation: 'append_rows', attempt: 1, status: 500 }),
    );
    expect(onRefreshSuccess.mock.calls.map((c) => (c[0] as { kind: string }).kind)).toEqual([
      'keypair_jwt',
      'scoped',
    ]);
  });
});
