// The hand-written baseline: what a user would write to stream an NDJSON file through
// appendEncodedRows with default options (1 MiB reads cut at the last newline, line numbers as
// offset tokens), then wait for the last token to commit.
import { createReadStream } from 'node:fs';
import { createClient } from '@snowpipe/streaming-client';

const [file, profilePath, channelName] = process.argv.slice(2) as [string, string, string];
const client = await createClient({
  clientName: 'bench-hand',
  dbName: 'BENCH',
  schemaName: 'PUBLIC',
  tableName: 'EVENTS',
  profilePath,
});
const { channel } = await client.openChannel({ name: channelName });
let line = 0;
let carry: Buffer = Buffer.alloc(0);
let last = '';
for await (const chunk of createReadStream(file, {
  highWaterMark: 1024 * 1024,
}) as AsyncIterable<Buffer>) {
  const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
  const end = data.lastIndexOf(0x0a) + 1;
  carry = data.subarray(end);
  if (end === 0) continue;
  const body = data.subarray(0, end);
  let rows = 0;
  for (let nl = body.indexOf(0x0a); nl !== -1; nl = body.indexOf(0x0a, nl + 1)) rows++;
  const first = String(line + 1);
  line += rows;
  last = String(line);
  await channel.appendEncodedRows(body, first, last);
}
await channel.waitForCommit(last, { timeoutMs: 600_000 });
await client.close();
process.stdout.write(`${JSON.stringify({ rows: line })}\n`);
