import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeClock } from '@snowpipe/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';
import { drive } from './support/drive.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('https:// against a plain-HTTP server (a local emulator reached with the wrong scheme)', () => {
  it('fails with an error that names the likely cause and the fix', async () => {
    server = createServer((_req, res) => res.end('plain http'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clock = createFakeClock();
    const error = await drive(
      clock,
      createClient({
        clientName: 'c',
        dbName: 'DB',
        schemaName: 'PUBLIC',
        tableName: 'T',
        clock,
        properties: {
          url: `https://127.0.0.1:${port}`,
          account: 'ACCT',
          user: 'USER',
          private_key: privateKey,
        },
      }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('wrong version number');
    expect(message).toContain('the server probably speaks plain HTTP');
    expect(message).toContain('Use http:// for a local emulator');
    expect(message).not.toContain('BEGIN PRIVATE KEY');
  });
});
