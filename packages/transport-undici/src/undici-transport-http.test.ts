import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciTransport } from './undici-transport.js';
import type { UndiciTransport } from './undici-transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let servers: Server[] = [];
let transports: UndiciTransport[] = [];

/** A loopback server whose routes are `path → handler`; returns its origin. */
async function serve(routes: Record<string, Handler>): Promise<string> {
  const server = createServer((req, res) => {
    const handler = routes[req.url ?? ''];
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Lets the event loop turn until the server has seen a request (`held` got its responder). */
async function reached(held: readonly unknown[]): Promise<void> {
  while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
}

function transport(options: Parameters<typeof createUndiciTransport>[0] = {}): UndiciTransport {
  const t = createUndiciTransport(options);
  transports.push(t);
  return t;
}

/** A `GET` of `url` through `t`, aborted by `signal` when given. */
function get(t: UndiciTransport, url: string, signal?: AbortSignal) {
  return t.request({ method: 'GET', url, headers: {}, ...(signal ? { signal } : {}) });
}

afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
  transports = [];
});

describe('createUndiciTransport over loopback HTTP', () => {
  it('aborts a request in flight with the signal reason and keeps working', async () => {
    const arrived: Array<() => void> = [];
    const origin = await serve({
      '/hang': (_req, res) => arrived.push(() => res.end('late')),
      '/ok': (_req, res) => res.end('fine'),
    });
    const t = transport({ connections: 1 });
    const controller = new AbortController();
    const pending = get(t, `${origin}/hang`, controller.signal);
    await reached(arrived);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    // The aborted request's socket is gone; the pool opens another.
    await expect(get(t, `${origin}/ok`)).resolves.toEqual(
      expect.objectContaining({ status: 200, body: 'fine' }),
    );
  });

  it('rejects a request still queued for a socket as soon as its signal aborts', async () => {
    const release: Array<() => void> = [];
    const origin = await serve({
      '/hang': (_req, res) => release.push(() => res.end('done')),
    });
    const t = transport({ connections: 1 });
    const first = get(t, `${origin}/hang`);
    await reached(release);
    const controller = new AbortController();
    const queued = get(t, `${origin}/hang`, controller.signal);
    const reason = new Error('not waiting');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    release[0]!();
    await expect(first).resolves.toMatchObject({ status: 200, body: 'done' });
    expect(release).toHaveLength(1); // the aborted request never reached the server
  });

  it('stops reading a body without content-length once it passes maxResponseBytes', async () => {
    const origin = await serve({
      '/stream': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no length declared
        res.write('x'.repeat(8));
        res.write('x'.repeat(8));
        res.end();
      },
      '/declared': (_req, res) => {
        res.writeHead(200, { 'content-length': '16' });
        res.end('x'.repeat(16));
      },
      '/ok': (_req, res) => res.end('fine'),
    });
    const t = transport({ connections: 1, maxResponseBytes: 10 });
    for (const path of ['/stream', '/declared']) {
      await expect(get(t, `${origin}${path}`)).rejects.toMatchObject({
        code: 'BODY_TOO_LARGE',
        mayHaveReachedServer: true,
        message: `GET ${origin}${path} failed: response body over 10 bytes (BODY_TOO_LARGE)`,
      });
    }
    await expect(get(t, `${origin}/ok`)).resolves.toEqual(
      expect.objectContaining({ body: 'fine' }),
    );
  });

  it('decodes UTF-8 split across chunks and drops a leading byte-order mark', async () => {
    const text = Buffer.from('\ufeff{"name":"snø ❄"}', 'utf8');
    const origin = await serve({
      '/split': (_req, res) => {
        res.writeHead(200);
        // Cut inside the three-byte ❄ so the halves only make sense together.
        const cut = text.length - 3;
        res.write(text.subarray(0, cut));
        setImmediate(() => res.end(text.subarray(cut)));
      },
    });
    const res = await get(transport(), `${origin}/split`);
    expect(res.body).toBe('{"name":"snø ❄"}');
  });

  it('sends the body and headers it is given and returns error statuses as responses', async () => {
    const origin = await serve({
      '/rows?x=1': (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          res.writeHead(409, { 'x-echo-type': req.headers['content-type'] ?? '' });
          res.end(`${req.method} ${Buffer.concat(chunks).toString()}`);
        });
      },
    });
    const res = await transport().request({
      method: 'POST',
      url: `${origin}/rows?x=1`,
      headers: { 'content-type': 'application/x-ndjson' },
      body: Buffer.from('{"a":1}\n'),
    });
    expect(res).toMatchObject({
      status: 409,
      headers: expect.objectContaining({ 'x-echo-type': 'application/x-ndjson' }),
      body: 'POST {"a":1}\n',
    });
  });

  it('close() waits for a request in flight, then refuses new ones', async () => {
    const release: Array<() => void> = [];
    const origin = await serve({ '/slow': (_req, res) => release.push(() => res.end('done')) });
    const t = transport();
    const inFlight = get(t, `${origin}/slow`);
    await reached(release);
    let closed = false;
    const closing = t.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release[0]!();
    await expect(inFlight).resolves.toMatchObject({ body: 'done' });
    await closing;
    expect(closed).toBe(true);
    await expect(get(t, `${origin}/slow`)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
