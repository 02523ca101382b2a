// Process-level: the emulator process is killed (SIGKILL) and started again on the same port with
// no state while a client holds a channel with rows sent but not committed. The client must not
// recreate the channel and replay them as if nothing happened: it fails the channel with
// CHANNEL_STATE_LOST naming the range it can no longer vouch for, and sends nothing again.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient } from '@snowpipe/streaming-client';
import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRows } from '../chaos/row-source.js';
import { createTestKeyPair } from '../chaos/test-key-pair.js';

const require = createRequire(import.meta.url);
const BIN = join(
  dirname(require.resolve('@snowpipe/emulator/package.json')),
  'dist',
  'bin',
  'snowpipe-emulator.js',
);
const URL_LINE = /listening on (http:\/\/127\.0\.0\.1:(\d+))/;

const children: ChildProcess[] = [];
let client: StreamingIngestClient | undefined;
afterEach(async () => {
  await client?.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
  client = undefined;
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts the emulator CLI and resolves with its URL and port once it listens. */
async function startProcess(keyFile: string, port: number) {
  const child = spawn(
    process.execPath,
    [BIN, '--port', String(port), '--public-key', keyFile, '--row-key-field', 'id'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = URL_LINE.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`emulator exited early: ${out}`)));
  });
  return { child, url, port: Number(new URL(url).port), exited };
}

const admin = async (url: string, path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${url}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.json();
};

describe('the emulator process killed and restarted on the same port (state lost)', () => {
  it('fails the channel with CHANNEL_STATE_LOST and replays nothing into the new process', async () => {
    const keys = createTestKeyPair();
    const keyFile = join(mkdtempSync(join(tmpdir(), 'snowpipe-restart-')), 'key.pub');
    writeFileSync(keyFile, keys.publicKeyPem);
    const first = await startProcess(keyFile, 0);
    client = await createClient({
      clientName: 'restart',
      dbName: 'DB',
      schemaName: 'PUBLIC',
      // the default pipe exists in every incarnation of the service (a pipe of ours would not)
      tableName: 'T',
      properties: {
        url: first.url,
        account: 'ACME',
        user: 'TESTER',
        private_key: keys.privateKeyPem,
      },
      retry: { initialDelayMs: 5, maxDelayMs: 50, maxAttempts: 10 },
      maxClientLagMs: 5,
      commitPollIntervalMs: 5,
      commitPollMaxIntervalMs: 50,
    });
    const { channel } = await client.openChannel({ name: 'C' });
    await channel.appendRows(makeRows(0, 0, 100), '0', '99');
    await channel.waitForCommit('99', { timeoutMs: 10_000 });
    await admin(first.url, 'faults', { endpoint: 'append', kind: 'withholdCommit' });
    await channel.appendRows(makeRows(0, 100, 100), '100', '199');
    await channel.waitForFlush(5_000);
    const waiting = channel.waitForCommit('199', { timeoutMs: 20_000 }).catch((e: unknown) => e);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startProcess(keyFile, first.port);

    expect(await waiting).toMatchObject({
      code: 'CHANNEL_STATE_LOST',
      details: {
        channelName: 'C',
        fromOffsetToken: '100',
        toOffsetToken: '199',
        rows: 100,
        latestCommittedOffsetToken: '99',
      },
    });
    const ledger = (await admin(second.url, 'ledger')) as {
      totals: { rowsReceived: number; rowsCommitted: number };
    };
    expect(ledger.totals).toMatchObject({ rowsReceived: 0, rowsCommitted: 0 });
  }, 60_000);
});
