// A producer process for the split-append kill test: it opens channel SPLIT, resumes after the
// committed offset token, and appends every remaining row in ONE appendRows call with integer
// tokens, which the client must split into several requests (maxBatchBytes is small). Run as
// `node dist/process/split-producer.js` with SPLIT_URL, SPLIT_PRIVATE_KEY and SPLIT_ROWS set.
import { createClient } from '@snowpipe/streaming-client';
import { makeRows, nextOffset } from '../chaos/row-source.js';

/** Rows of the split test: channel 0 of the chaos row source. */
export const SPLIT_CHANNEL = 'SPLIT';

async function main(): Promise<void> {
  const rows = Number(process.env.SPLIT_ROWS);
  const client = await createClient({
    clientName: 'split-producer',
    dbName: 'DB',
    schemaName: 'PUBLIC',
    pipeName: 'P',
    properties: {
      url: process.env.SPLIT_URL,
      account: 'ACME',
      user: 'TESTER',
      private_key: process.env.SPLIT_PRIVATE_KEY,
    },
    compression: 'none',
    maxBatchBytes: 8 * 1024,
    maxClientLagMs: 5,
    commitPollIntervalMs: 5,
    commitPollMaxIntervalMs: 20,
  });
  const { channel, status } = await client.openChannel({ name: SPLIT_CHANNEL });
  const next = nextOffset(status.latestCommittedOffsetToken);
  process.stdout.write(`resuming at ${next}\n`);
  if (next < rows) {
    await channel.appendRows(makeRows(0, next, rows - next), String(next), String(rows - 1));
    await channel.waitForCommit(String(rows - 1), { timeoutMs: 30_000 });
  }
  await client.close();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `split-producer: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
