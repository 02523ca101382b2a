// The hand-written CSV baseline: csv-parse (header row as column names) into appendRows in
// batches of 1,000 records, record numbers as offset tokens.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { createClient } from '@snowpipe/streaming-client';
import type { Row } from '@snowpipe/streaming-client';

const [file, profilePath, channelName] = process.argv.slice(2) as [string, string, string];
const client = await createClient({
  clientName: 'bench-hand-csv',
  dbName: 'BENCH',
  schemaName: 'PUBLIC',
  tableName: 'EVENTS',
  profilePath,
});
const { channel } = await client.openChannel({ name: channelName });
let n = 0;
let batch: Row[] = [];
for await (const record of createReadStream(file).pipe(
  parse({ columns: true }),
) as AsyncIterable<Row>) {
  batch.push(record);
  n++;
  if (batch.length === 1000) {
    await channel.appendRows(batch, String(n - 999), String(n));
    batch = [];
  }
}
if (batch.length > 0) await channel.appendRows(batch, String(n - batch.length + 1), String(n));
await channel.waitForCommit(String(n), { timeoutMs: 600_000 });
await client.close();
process.stdout.write(`${JSON.stringify({ rows: n })}\n`);
