import { errors, MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { isTransportError, TransportError } from '@snowpipe/transport-contract';
import { DEFAULT_UNDICI_TRANSPORT_OPTIONS } from './undici-transport-options.js';
import { createUndiciTransport } from './undici-transport.js';

const ORIGIN = 'https://ingest.example';
let agents: MockAgent[] = [];

function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  return agent;
}

afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});

describe('createUndiciTransport options', () => {
  it('exposes frozen defaults', () => {
    expect(DEFAULT_UNDICI_TRANSPORT_OPTIONS).toMatchObject({
      connections: 16,
      pipelining: 1,
      maxResponseBytes: 67_108_864,
    });
    expect(Object.isFrozen(DEFAULT_UNDICI_TRANSPORT_OPTIONS)).toBe(true);
  });

  it.each([
    [{ connections: 0 }, 'options.connections must be an integer >= 1, got 0'],
    [{ pipelining: 2.5 }, 'options.pipelining must be an integer >= 1, got 2.5'],
    [{ headersTimeoutMs: -1 }, 'options.headersTimeoutMs must be an integer >= 0, got -1'],
    [{ maxResponseBytes: Number.NaN }, 'options.maxResponseBytes must be an integer >= 1, got NaN'],
    [{ allowH2: 'yes' as unknown as boolean }, 'options.allowH2 must be a boolean, got yes'],
  ])('rejects %o eagerly, naming the option', (options, message) => {
    expect(() => createUndiciTransport(options)).toThrow(message);
  });

  it('refuses pool options together with an injected dispatcher', () => {
    expect(() => createUndiciTransport({ dispatcher: mockAgent(), connections: 4 })).toThrow(
      'options.connections has no effect with options.dispatcher',
    );
  });
});

describe('createUndiciTransport with an injected MockAgent', () => {
  it('sends method, path with query, headers and body; flattens response headers', async () => {
    const agent = mockAgent();
    agent
      .get(ORIGIN)
      .intercept({
        method: 'POST',
        path: '/v2/rows?continuationToken=ct1',
        body: 'a\nb',
        headers: { 'content-type': 'application/x-ndjson' },
      })
      .reply(200, '{"next":"ct2"}', { headers: { 'X-Multi': ['a', 'b'], 'X-Request-ID': 'r1' } });
    const transport = createUndiciTransport({ dispatcher: agent });
    const res = await transport.request({
      method: 'POST',
      url: `${ORIGIN}/v2/rows?continuationToken=ct1`,
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: 'a\nb',
    });
    expect(res).toEqual({
      status: 200,
      headers: { 'x-multi': 'a, b', 'x-request-id': 'r1' },
      body: '{"next":"ct2"}',
    });
  });

  it.each([
    [new errors.HeadersTimeoutError(), 'TIMEOUT', true, 'timed out waiting for response headers'],
    [new errors.BodyTimeoutError(), 'TIMEOUT', true, 'timed out reading the response body'],
    [new errors.ConnectTimeoutError(), 'TIMEOUT', false, 'connect timed out'],
    [
      new errors.SocketError('other side closed'),
      'ECONNRESET',
      true,
      'connection closed by the server',
    ],
    [
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'ECONNREFUSED',
      false,
      'connection refused',
    ],
    [Object.assign(new Error('dns'), { code: 'ENOTFOUND' }), 'ENOTFOUND', false, 'host not found'],
    [new Error('odd'), 'UNKNOWN', true, 'network error'],
  ])('maps %s to a TransportError', async (raw, code, reached, description) => {
    const agent = mockAgent();
    agent.get(ORIGIN).intercept({ method: 'GET', path: '/x?token=secret' }).replyWithError(raw);
    const transport = createUndiciTransport({ dispatcher: agent });
    const error: unknown = await transport
      .request({
        method: 'GET',
        url: `${ORIGIN}/x?token=secret`,
        headers: { authorization: 'Bearer tok' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(isTransportError(error)).toBe(true);
    expect((error as Record<symbol, unknown>)[Symbol.for('@snowpipe/transport-error')]).toBe(true);
    expect(error).toMatchObject({
      name: 'TransportError',
      code,
      mayHaveReachedServer: reached,
      message: `GET ${ORIGIN}/x failed: ${description} (${code})`,
    });
    expect((error as Error).cause).toBe(raw);
  });

  it('fails with BODY_TOO_LARGE past maxResponseBytes and accepts exactly the cap', async () => {
    const agent = mockAgent();
    agent.get(ORIGIN).intercept({ path: '/big' }).reply(200, 'x'.repeat(11));
    agent.get(ORIGIN).intercept({ path: '/fits' }).reply(200, 'x'.repeat(10));
    const transport = createUndiciTransport({ dispatcher: agent, maxResponseBytes: 10 });
    await expect(
      transport.request({ method: 'GET', url: `${ORIGIN}/big`, headers: {} }),
    ).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      mayHaveReachedServer: true,
    });
    await expect(
      transport.request({ method: 'GET', url: `${ORIGIN}/fits`, headers: {} }),
    ).resolves.toMatchObject({
      body: 'x'.repeat(10),
    });
  });

  it('rejects with the signal reason when aborted before the call', async () => {
    const agent = mockAgent();
    const transport = createUndiciTransport({ dispatcher: agent });
    const reason = new Error('caller gave up');
    await expect(
      transport.request({
        method: 'GET',
        url: `${ORIGIN}/x`,
        headers: {},
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
  });

  it('close() and asyncDispose refuse new requests but leave an injected dispatcher open', async () => {
    const agent = mockAgent();
    agent.get(ORIGIN).intercept({ path: '/after' }).reply(204, '');
    const first = createUndiciTransport({ dispatcher: agent });
    await first[Symbol.asyncDispose]();
    await first.close();
    await expect(
      first.request({ method: 'GET', url: `${ORIGIN}/after`, headers: {} }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
      mayHaveReachedServer: false,
      message: `GET ${ORIGIN}/after failed: transport is closed (ABORTED)`,
    });
    const second = createUndiciTransport({ dispatcher: agent });
    await expect(
      second.request({ method: 'GET', url: `${ORIGIN}/after`, headers: {} }),
    ).resolves.toMatchObject({
      status: 204,
      body: '',
    });
  });

  it('closes its own pool on close()', async () => {
    const transport = createUndiciTransport({ connections: 2 });
    await transport.close();
    await expect(
      transport.request({ method: 'GET', url: 'http://127.0.0.1:9/never', headers: {} }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
