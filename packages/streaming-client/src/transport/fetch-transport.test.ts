import { describe, expect, it, vi } from 'vitest';
import { createFetchTransport, DEFAULT_FETCH_TRANSPORT_OPTIONS } from './fetch-transport.js';
import { isTransportError, TransportError } from '@snowpipe/transport-contract';

const URL_WITH_QUERY =
  'https://ingest.example/v2/streaming/channels/c1/rows?continuationToken=secret-ct';

function failingFetch(cause: unknown): typeof fetch {
  return vi.fn(() => Promise.reject(new TypeError('fetch failed', { cause })));
}

/** A fetch that answers headers at once and then a body that never ends until cancelled. */
function silentBodyFetch(onCancel: (reason: unknown) => void): typeof fetch {
  return () =>
    Promise.resolve(
      new Response(new ReadableStream<Uint8Array>({ cancel: onCancel }), { status: 200 }),
    );
}

describe('createFetchTransport options', () => {
  it('has 64 MiB and no timeout as defaults', () => {
    expect(DEFAULT_FETCH_TRANSPORT_OPTIONS).toEqual({ maxResponseBytes: 67_108_864, timeoutMs: 0 });
    expect(Object.isFrozen(DEFAULT_FETCH_TRANSPORT_OPTIONS)).toBe(true);
  });

  it.each([
    [{ maxResponseBytes: 0 }, 'options.maxResponseBytes must be an integer >= 1, got 0'],
    [{ maxResponseBytes: 1.5 }, 'options.maxResponseBytes must be an integer >= 1, got 1.5'],
    [{ timeoutMs: -1 }, 'options.timeoutMs must be an integer >= 0, got -1'],
  ])('rejects %o eagerly, naming the option', (options, message) => {
    expect(() => createFetchTransport(options)).toThrow(message);
  });
});

describe('createFetchTransport requests', () => {
  it('passes method, headers and body through and never follows redirects', async () => {
    const fetchSpy = vi.fn((_url: string | URL | Request, _init?: RequestInit) =>
      Promise.resolve(new Response('moved', { status: 302, headers: { Location: '/elsewhere' } })),
    );
    const transport = createFetchTransport({ fetch: fetchSpy });
    const body = Uint8Array.of(1, 2, 3);
    const res = await transport.request({
      method: 'PUT',
      url: URL_WITH_QUERY,
      headers: { 'Content-Type': 'application/x-ndjson' },
      body,
    });
    expect(res).toEqual({
      status: 302,
      headers: expect.objectContaining({ location: '/elsewhere' }),
      body: 'moved',
    });
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(URL_WITH_QUERY);
    expect(init).toMatchObject({
      method: 'PUT',
      body,
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-ndjson' },
    });
  });

  it('maps network failures to TransportError with origin + path only in the message', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const transport = createFetchTransport({ fetch: failingFetch(cause) });
    const error: unknown = await transport
      .request({
        method: 'POST',
        url: URL_WITH_QUERY,
        headers: { authorization: 'Bearer tok-123' },
      })
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      mayHaveReachedServer: false,
      message:
        'POST https://ingest.example/v2/streaming/channels/c1/rows failed: connection refused (ECONNREFUSED)',
    });
    expect((error as TransportError).cause).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain('secret-ct');
    expect(String(error)).not.toContain('tok-123');
  });

  it('fails with BODY_TOO_LARGE from content-length before reading', async () => {
    const transport = createFetchTransport({
      maxResponseBytes: 10,
      fetch: () => Promise.resolve(new Response('x'.repeat(11))),
    });
    await expect(
      transport.request({ method: 'GET', url: URL_WITH_QUERY, headers: {} }),
    ).rejects.toMatchObject({
      name: 'TransportError',
      code: 'BODY_TOO_LARGE',
      mayHaveReachedServer: true,
    });
  });

  it('rejects with the signal reason before calling fetch when already aborted', async () => {
    const fetchSpy = vi.fn();
    const transport = createFetchTransport({ fetch: fetchSpy as unknown as typeof fetch });
    const reason = new Error('caller gave up');
    const req = {
      method: 'GET',
      url: URL_WITH_QUERY,
      headers: {},
      signal: AbortSignal.abort(reason),
    } as const;
    await expect(transport.request(req)).rejects.toBe(reason);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('aborts a body read even when fetch ignores the signal after headers', async () => {
    let cancelled: unknown;
    const transport = createFetchTransport({ fetch: silentBodyFetch((r) => (cancelled = r)) });
    const controller = new AbortController();
    const pending = transport.request({
      method: 'GET',
      url: URL_WITH_QUERY,
      headers: {},
      signal: controller.signal,
    });
    const reason = new Error('stop');
    // Let fetch resolve so the abort lands while the body is being read.
    await Promise.resolve();
    await Promise.resolve();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancelled).toBeDefined();
  });

  it('turns its own timeout into TIMEOUT, not an abort', async () => {
    const transport = createFetchTransport({
      timeoutMs: 5,
      fetch: silentBodyFetch(() => undefined),
    });
    // Real 5 ms timer inside AbortSignal.timeout: the assertion holds whatever the timing.
    await expect(
      transport.request({ method: 'GET', url: URL_WITH_QUERY, headers: {} }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      mayHaveReachedServer: true,
      message:
        'GET https://ingest.example/v2/streaming/channels/c1/rows failed: timed out after 5 ms (TIMEOUT)',
    });
  });

  it('close() waits for in-flight requests and refuses new ones', async () => {
    let release!: (r: Response) => void;
    const transport = createFetchTransport({
      fetch: () => new Promise<Response>((resolve) => (release = resolve)),
    });
    const inFlight = transport.request({ method: 'GET', url: URL_WITH_QUERY, headers: {} });
    let closed = false;
    const closing = transport.close().then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    release(new Response('done'));
    await expect(inFlight).resolves.toMatchObject({ status: 200, body: 'done' });
    await closing;
    expect(closed).toBe(true);
    await expect(
      transport.request({ method: 'GET', url: URL_WITH_QUERY, headers: {} }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
      mayHaveReachedServer: false,
    });
  });
});
