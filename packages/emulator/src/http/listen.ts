import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorError } from '../errors.js';

/** A listening `node:http` server and its port. */
export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Creates a server for `listener` and listens on `host:port` (0 = any free port). */
export async function listen(
  host: string,
  port: number,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  onError: (error: Error) => void,
): Promise<Listening> {
  const server = createServer({ maxHeaderSize: 16 * 1024 }, listener);
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
