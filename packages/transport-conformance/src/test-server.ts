import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Counters a {@link TestServer} keeps; they only grow. */
export interface TestServerStats {
  /** TCP connections accepted (server `connection` events). */
  connections: number;
  /** HTTP requests received. */
  requests: number;
  /** Requests the server is holding without finishing (stall and gate routes). */
  held: number;
  /** Held requests whose connection the client closed. */
  released: number;
}

/**
 * A real `node:http` server on 127.0.0.1 with routes for transport tests:
 * `/echo` (echoes method, headers and body; `?status=` sets the status), `/status?code=N`,
 * `/bytes?n=N[&chunked=1]`, `/endless`, `/stall-headers`, `/stall-body` (sends
 * {@link STALL_BODY_BYTES} of a longer body, then stalls), `/gate`,
 * `/reset-headers` and `/reset-body`.
 */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly stats: Readonly<TestServerStats>;
  /** Resolves once `stats[key]` reaches `value` (no timers: driven by server events). */
  waitFor(key: keyof TestServerStats, value: number): Promise<void>;
  /** Answers every request waiting on `/gate` with 200 `gated`. */
  openGate(): void;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Bytes `/stall-body` sends before it stalls (declares four times as many). */
export const STALL_BODY_BYTES = 16 * 1024 * 1024;

/** Starts a {@link TestServer} on 127.0.0.1 and an OS-assigned port. */
export async function startTestServer(): Promise<TestServer> {
  const stats: TestServerStats = { connections: 0, requests: 0, held: 0, released: 0 };
  const waiters: Array<{ key: keyof TestServerStats; value: number; resolve: () => void }> = [];
  const gated: ServerResponse[] = [];
  const changed = (): void => {
    for (const w of [...waiters]) {
      if (stats[w.key] >= w.value) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const hold = (req: IncomingMessage): void => {
    stats.held++;
    req.socket.once('close', () => {
      stats.released++;
      changed();
    });
    changed();
  };

  const server = createServer((req, res) => {
    stats.requests++;
    changed();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname] ?? notFound;
    route(req, res, url, { hold, gated });
  });
  server.on('connection', () => {
    stats.connections++;
    changed();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    waitFor(key, value) {
      if (stats[key] >= value) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ key, value, resolve }));
    },
    openGate() {
      for (const res of gated.splice(0)) res.end('gated');
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released by the OS). */
export async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

interface RouteTools {
  hold: (req: IncomingMessage) => void;
  gated: ServerResponse[];
}
type Route = (req: IncomingMessage, res: ServerResponse, url: URL, tools: RouteTools) => void;

const notFound: Route = (req, res) => {
  req.resume();
  res.writeHead(404).end('no such route');
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeEndless(res: ServerResponse): void {
  while (!res.destroyed && res.write(CHUNK));
  if (!res.destroyed) res.once('drain', () => writeEndless(res));
}

const routes: Record<string, Route> = {
  '/echo': (req, res, url) => {
    void readBody(req).then((body) => {
      res.setHeader('X-Echo-Method', req.method ?? '');
      res.setHeader('X-Echo-Length', String(body.length));
      res.setHeader('X-Echo-Sha256', createHash('sha256').update(body).digest('hex'));
      res.setHeader('X-Echo-Headers', JSON.stringify(req.headers));
      res.setHeader('X-Mixed-Case', 'Value');
      res.setHeader('X-Multi', ['one', 'two']);
      res.setHeader('Content-Type', 'application/octet-stream');
      res.writeHead(Number(url.searchParams.get('status') ?? 200)).end(body);
    });
  },
  '/status': (req, res, url) => {
    req.resume();
    const code = Number(url.searchParams.get('code'));
    if (code >= 300 && code < 400) res.setHeader('Location', '/echo');
    if (code === 429 || code === 503) res.setHeader('Retry-After', '2');
    res.writeHead(code).end(code === 204 || code === 304 ? undefined : `status ${code}`);
  },
  '/bytes': (req, res, url) => {
    req.resume();
    const body = Buffer.alloc(Number(url.searchParams.get('n')), 'y');
    if (url.searchParams.get('chunked') === '1') {
      res.writeHead(200);
      for (let i = 0; i < body.length; i += 1024) res.write(body.subarray(i, i + 1024));
      res.end();
    } else {
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    }
  },
  '/endless': (req, res, _url, { hold }) => {
    req.resume();
    hold(req);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    writeEndless(res);
  },
  '/stall-headers': (req, _res, _url, { hold }) => {
    req.resume();
    hold(req);
  },
  '/stall-body': (req, res, _url, { hold }) => {
    req.resume();
    res.writeHead(200, { 'Content-Length': 4 * STALL_BODY_BYTES });
    // Far more than socket buffers hold: the write completes only once the client is reading
    // the body, so the request is provably mid-body when it is reported held.
    res.write(Buffer.alloc(STALL_BODY_BYTES, 'b'), () => hold(req));
  },
  '/gate': (req, res, _url, { hold, gated }) => {
    req.resume();
    gated.push(res);
    hold(req);
  },
  '/reset-headers': (req) => {
    void readBody(req).then(() => req.socket.resetAndDestroy());
  },
  '/reset-body': (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Length': 100_000 });
    res.write(Buffer.alloc(1000, 'z'), () => req.socket.resetAndDestroy());
  },
};
