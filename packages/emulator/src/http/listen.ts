import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorError } from '../errors.js';
import type { EmulatorTlsOptions } from '../modes/tls-options.js';

/** A listening `node:http` server and its port. */
export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Creates a server for `listener` and listens on `host:port` (0 = any free port); HTTPS when `tls` is given. */
export async function listen(
  host: string,
  port: number,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  onError: (error: Error) => void,
  tls?: EmulatorTlsOptions,
): Promise<Listening> {
  const server = tls
    ? createTlsServer({ maxHeaderSize: 16 * 1024, key: tls.key, cert: tls.cert }, listener)
    : createServer({ maxHeaderSize: 16 * 1024 }, listener);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void =>
      reject(
        new EmulatorError('START_FAILED', `Cannot listen on ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  server.on('error', onError);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
