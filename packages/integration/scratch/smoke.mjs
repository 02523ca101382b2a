import { generateKeyPairSync } from 'node:crypto';
import { startEmulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const em = await startEmulator({ publicKeys: [pub], rowKeyField: 'id', commitDelayMs: 5 });
const t0 = Date.now();
const client = await createClient({ clientName: 'c', dbName: 'DB', schemaName: 'S', pipeName: 'P',
  properties: { url: em.url, account: 'ACC', user: 'U', private_key: priv },
  retry: { initialDelayMs: 1, maxDelayMs: 20, maxAttempts: 6 }, commitPollIntervalMs: 5, commitPollMaxIntervalMs: 20, maxClientLagMs: 10 });
const { channel, status } = await client.openChannel({ name: 'ch1' });
console.log('open', status.latestCommittedOffsetToken);
for (let i = 0; i < 1000; i++) await channel.appendRow({ id: `r${i}`, v: i }, String(i));
em.faults.inject({ endpoint: 'append', kind: 'http503', count: 2 });
for (let i = 1000; i < 2000; i++) await channel.appendRow({ id: `r${i}`, v: i }, String(i));
console.log('commit', await channel.waitForCommit('1999', { timeoutMs: 10000 }));
console.log(client.stats(), em.ledger.totals(), em.faults.fired());
await client.close();
await em.stop();
console.log('ms', Date.now() - t0);
