import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A loopback TCP proxy in front of an HTTP server that can swallow chosen requests. */
export interface BlackHoleProxy {
  /** `http://127.0.0.1:<port>`: point the client here. */
  readonly url: string;
  /**
   * The next `count` requests whose request line (`METHOD /path?query`) matches `pattern` are
   * swallowed: never forwarded, never answered, their socket held open (a hung connection).
   */
  holeNext(pattern: RegExp, count?: number): void;
  /** Request lines swallowed so far. */
  readonly swallowed: readonly string[];
  /** Request lines seen so far (swallowed or forwarded). */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE) (\S+) HTTP\/1\.1\r\n/;

/**
 * Starts a proxy to `target` (`http://127.0.0.1:<port>`). It reads the request line at the start
 * of each chunk a client sends (the client's transports write a request's head in one chunk and
 * send one request at a time per connection); a matching request turns its connection into a
 * black hole.
 */
export async function startBlackHoleProxy(target: string): Promise<BlackHoleProxy> {
  const { hostname, port } = new URL(target);
  const holes: Array<{ pattern: RegExp; left: number }> = [];
  const swallowed: string[] = [];
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    sockets.add(client);
    const upstream = connect(Number(port), hostname);
    sockets.add(upstream);
    let holed = false;
    client.on('data', (chunk) => {
      if (holed) return;
      const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 4096)));
      if (line) {
        const request = `${line[1]} ${line[2]}`;
        seen.push(request);
        const hole = holes.find((h) => h.left > 0 && h.pattern.test(request));
        if (hole) {
          hole.left--;
          holed = true;
          swallowed.push(request);
          upstream.destroy();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!holed) client.write(chunk);
    });
    const drop = (): void => {
      if (!holed) client.destroy();
    };
    upstream.on('close', drop);
    upstream.on('error', drop);
    client.on('error', () => upstream.destroy());
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    holeNext(pattern, count = 1) {
      holes.push({ pattern, left: count });
    },
    swallowed,
    seen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
