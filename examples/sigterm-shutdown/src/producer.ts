import { createClient, loadConfigFromEnv } from '@snowpipe/streaming-client';
import { gracefulShutdown } from './graceful-shutdown.js';

/** Kubernetes' default grace period is 30 s; leave a margin for the report and exit. */
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000);

/**
 * The producer: appends numbered rows until SIGTERM, then runs the shutdown recipe and prints
 * its report as one JSON line (`report {...}`). Exits 0 when everything was committed, else 1.
 */
export async function runProducer(): Promise<void> {
  const client = await createClient({
    clientName: 'sigterm-demo',
    dbName: 'DEMO_DB',
    schemaName: 'PUBLIC',
    tableName: 'EVENTS',
    ...loadConfigFromEnv(),
    maxClientLagMs: 50,
  });
  const { channel } = await client.openChannel({ name: 'events-0' });
  let stopping = false;
  let appended = 0;
  const loop = (async () => {
    while (!stopping) {
      const start = appended;
      const batch = Array.from({ length: 100 }, (_, k) => ({ id: `e-${start + k}` }));
      await channel.appendRows(batch, String(start), String(start + 99));
      appended += 100;
      console.log(`appended ${appended}`);
      // Appends that fit the buffer resolve without a macrotask; yield so SIGTERM is handled.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  process.once('SIGTERM', () => {
    void (async () => {
      const report = await gracefulShutdown({
        client,
        channels: [channel],
        stopIntake: async () => {
          stopping = true;
          await loop; // the append in progress finishes; none starts after it
        },
        graceMs: GRACE_MS,
      });
      console.log(`report ${JSON.stringify({ ...report, lastAppendedOffset: appended - 1 })}`);
      process.exitCode = report.clean ? 0 : 1;
    })();
  });
}
