// Process level: writer A (this process) holds channel SPLIT; writer B, another process, opens
// it (a failover instance), resumes after the committed token and writes the rest. A is fenced:
// its next append fails with CHANNEL_TAKEN_OVER naming its rows, and it never takes the channel
// back, so no offset position is committed twice.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRows } from '../chaos/row-source.js';
import { createTestKeyPair } from '../chaos/test-key-pair.js';

const SPLIT_CHANNEL = 'SPLIT'; // the channel split-producer.js writes

const PRODUCER = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'process',
  'split-producer.js',
);

let emulator: Emulator | undefined;
let client: StreamingIngestClient | undefined;
afterEach(async () => {
  await client?.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
  client = undefined;
  await emulator?.stop();
  emulator = undefined;
});

describe('two writers in two processes on one channel', () => {
  it('fences the first writer with CHANNEL_TAKEN_OVER once the second process opened the channel', async () => {
    const keys = createTestKeyPair();
    emulator = await startEmulator({
      publicKeys: [keys.publicKeyPem],
      rowKeyField: 'id',
      logger: { info: () => undefined, warn: () => undefined },
    });
    client = await createClient({
      clientName: 'writer-a',
      dbName: 'DB',
      schemaName: 'PUBLIC',
      pipeName: 'P',
      properties: {
        url: emulator.url,
        account: 'ACME',
        user: 'TESTER',
        private_key: keys.privateKeyPem,
      },
      maxClientLagMs: 5,
      commitPollIntervalMs: 5,
      commitPollMaxIntervalMs: 20,
    });
    const { channel } = await client.openChannel({ name: SPLIT_CHANNEL });
    await channel.appendRows(makeRows(0, 0, 200), '0', '199');
    await channel.waitForCommit('199', { timeoutMs: 10_000 });

    const child = spawn(process.execPath, [PRODUCER], {
      env: {
        ...process.env,
        SPLIT_URL: emulator.url,
        SPLIT_PRIVATE_KEY: keys.privateKeyPem,
        SPLIT_ROWS: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('resuming at 200');

    await channel.appendRows(makeRows(0, 300, 10), '300', '309');
    const error = await channel
      .waitForCommit('309', { timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CHANNEL_TAKEN_OVER',
      details: { fromOffsetToken: '300', toOffsetToken: '309', latestCommittedOffsetToken: '199' },
    });
    expect(emulator.ledger.channel('DB', 'PUBLIC', 'P', SPLIT_CHANNEL)).toMatchObject({
      rowsCommitted: 300,
      distinctKeys: 300,
      duplicateKeys: 0,
      committedOffsetToken: '299',
    });
  }, 60_000);
});
