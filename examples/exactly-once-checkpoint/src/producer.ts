import { createClient, loadConfigFromEnv } from '@snowpipe/streaming-client';

/**
 * The producer: opens channel `orders-0`, resumes the numbered source after the committed offset
 * token, and appends in batches of 500 rows, each batch carrying its first and last offsets.
 * Prints `appended <n>` every 2,500 acknowledged rows so the parent can decide when to crash it.
 */
export async function runProducer(rows: number): Promise<void> {
  const fromEnv = loadConfigFromEnv();
  const client = await createClient({
    clientName: 'checkpoint-demo',
    dbName: 'DEMO_DB',
    schemaName: 'PUBLIC',
    tableName: 'ORDERS',
    ...fromEnv,
    retry: { initialDelayMs: 5, maxDelayMs: 50 },
    maxClientLagMs: 20,
  });
  const { channel, status } = await client.openChannel({ name: 'orders-0' });
  const committed = status.latestCommittedOffsetToken;
  const resumeAt = committed === null ? 0 : Number(committed) + 1;
  console.log(`resume at offset ${resumeAt} (committed offset token: ${committed ?? 'null'})`);

  for (let start = resumeAt; start < rows; start += 500) {
    const end = Math.min(rows, start + 500) - 1;
    const batch = [];
    for (let i = start; i <= end; i++)
      batch.push({ id: `order-${i}`, amount: (i * 37) % 1000, currency: 'EUR' });
    await channel.appendRows(batch, String(start), String(end));
    // A checkpointing source would persist its position here; the demo just reports progress
    // every 2,500 rows, once they are acknowledged by the service (not yet committed).
    if ((end + 1) % 2500 === 0) {
      await channel.waitForFlush();
      console.log(`appended ${end + 1}`);
    }
  }
  await channel.waitForCommit(String(rows - 1), { timeoutMs: 60_000 });
  const stats = client.stats();
  console.log(
    `done: ${stats.requests} requests, ${stats.retries} retries, ${stats.recoveries} recoveries`,
  );
  await client.close();
}
