import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetchTransport } from './fetch-transport.js';
import { isTransportError } from '@snowpipe/transport-contract';

const BASE = 'https://ingest.msw.example';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createFetchTransport against msw (global fetch)', () => {
  it('sends headers and body, returns lower-cased response headers', async () => {
    server.use(
      http.post(`${BASE}/echo`, async ({ request }) => {
        const text = await request.text();
        return HttpResponse.json(
          { got: text, auth: request.headers.get('authorization') },
          { status: 201, headers: { 'X-Request-ID': 'req-1', 'Retry-After': '3' } },
        );
      }),
    );
    const transport = createFetchTransport();
    const res = await transport.request({
      method: 'POST',
      url: `${BASE}/echo?x=1`,
      headers: { Authorization: 'Bearer abc', 'Content-Type': 'text/plain' },
      body: 'row-1\nrow-2',
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-1');
    expect(res.headers['retry-after']).toBe('3');
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(JSON.parse(res.body)).toEqual({ got: 'row-1\nrow-2', auth: 'Bearer abc' });
  });

  it('resolves 4xx and 5xx normally with their bodies', async () => {
    server.use(
      http.get(`${BASE}/missing`, () => HttpResponse.json({ code: 'NOT_FOUND' }, { status: 404 })),
      http.get(`${BASE}/busy`, () => new HttpResponse('slow down', { status: 503 })),
    );
    const transport = createFetchTransport();
    const missing = await transport.request({ method: 'GET', url: `${BASE}/missing`, headers: {} });
    expect(missing).toMatchObject({ status: 404, body: '{"code":"NOT_FOUND"}' });
    const busy = await transport.request({ method: 'GET', url: `${BASE}/busy`, headers: {} });
    expect(busy).toMatchObject({ status: 503, body: 'slow down' });
  });

  it('sends binary bodies byte for byte', async () => {
    server.use(
      http.put(`${BASE}/bin`, async ({ request }) => {
        const bytes = new Uint8Array(await request.arrayBuffer());
        return HttpResponse.text(Array.from(bytes).join(','));
      }),
    );
    const transport = createFetchTransport();
    const res = await transport.request({
      method: 'PUT',
      url: `${BASE}/bin`,
      headers: {},
      body: Uint8Array.of(0, 255, 31, 139),
    });
    expect(res.body).toBe('0,255,31,139');
  });

  it('maps a network error to a TransportError', async () => {
    server.use(http.delete(`${BASE}/gone`, () => HttpResponse.error()));
    const transport = createFetchTransport();
    const error: unknown = await transport
      .request({ method: 'DELETE', url: `${BASE}/gone?token=t`, headers: {} })
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNKNOWN', mayHaveReachedServer: true });
    expect((error as Error).message).toBe(`DELETE ${BASE}/gone failed: network error (UNKNOWN)`);
  });

  it('fails an oversized streamed body with BODY_TOO_LARGE', async () => {
    server.use(
      http.get(`${BASE}/big`, () => {
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new Uint8Array(4096).fill(120));
          },
        });
        return new HttpResponse(stream, { status: 200 });
      }),
    );
    const transport = createFetchTransport({ maxResponseBytes: 100_000 });
    await expect(
      transport.request({ method: 'GET', url: `${BASE}/big`, headers: {} }),
    ).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    });
  });
});
