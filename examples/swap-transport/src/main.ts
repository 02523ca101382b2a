// Swap the HTTP layer with one option: the same stream goes through the built-in fetch transport
// and through @snowpipe/transport-undici, against the local emulator.
//
//   node dist/main.js [--rows 100000]
import { parseArgs } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import { createClient, createFetchTransport } from '@snowpipe/streaming-client';
import type { Transport } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1)
  throw new RangeError(`--rows must be a positive integer, got ${values.rows}`);

const emulator = await startEmulator({ rowKeyField: 'id' });
const { properties } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });

async function stream(label: string, transport: Transport): Promise<void> {
  const client = await createClient({
    clientName: `swap-${label}`,
    dbName: 'DEMO_DB',
    schemaName: 'PUBLIC',
    tableName: 'EVENTS',
    properties,
    transport, // <- the only line that differs
  });
  const { channel } = await client.openChannel({ name: `via-${label}` });
  const started = performance.now();
  for (let start = 0; start < rows; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(rows, start + 1000); i++)
      batch.push({ id: `${label}-${i}`, n: i });
    await channel.appendRows(batch, String(start), String(start + batch.length - 1));
  }
  await channel.waitForCommit(String(rows - 1), { timeoutMs: 60_000 });
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  const ledger = emulator.ledger.channel('DEMO_DB', 'PUBLIC', 'EVENTS-STREAMING', `via-${label}`);
  console.log(
    `${label.padEnd(6)} ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s ` +
      `(${Math.round(rows / seconds).toLocaleString('en-US')} rows/s); committed ${ledger?.rowsCommitted ?? 0}, duplicates ${ledger?.duplicateKeys ?? 0}`,
  );
  if (ledger?.rowsCommitted !== rows || ledger.duplicateKeys !== 0) {
    throw new Error(`${label}: expected ${rows} rows committed exactly once`);
  }
}

try {
  await stream('fetch', createFetchTransport());
  const undici = createUndiciTransport({ connections: 8 });
  await stream('undici', undici);
  await undici.close();
} finally {
  await emulator.stop();
}
