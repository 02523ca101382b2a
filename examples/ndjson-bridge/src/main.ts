// A bridge for rows that are JSON already: an NDJSON log file here, Kafka message values in
// production. `appendEncodedRows` takes them as they are (no JSON.parse + JSON.stringify round
// trip, which is most of a client's CPU per row), with the line number as the offset token, so a
// restart can resume after `latestCommittedOffsetToken`. A line that is not one JSON object is
// refused with INVALID_ENCODED_ROW naming it; the bridge sets it aside and goes on.
//
//   node dist/main.js [--lines 100000]
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import { createClient, isStreamingIngestError } from '@snowpipe/streaming-client';
import type { Channel } from '@snowpipe/streaming-client';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' } } });
const lines = Number(values.lines);
if (!Number.isInteger(lines) || lines < 100)
  throw new RangeError(`--lines must be an integer >= 100, got ${values.lines}`);

/** Rows per append call: one call per chunk of lines. */
const CHUNK = 1000;
const BAD_LINE = 42; // a corrupt line in the log, to show how it is reported

// The source: an NDJSON log with one corrupt line.
const dir = await mkdtemp(join(tmpdir(), 'ndjson-bridge-'));
const file = join(dir, 'events.ndjson');
const text: string[] = [];
for (let n = 1; n <= lines; n++) {
  text.push(
    n === BAD_LINE
      ? '{"id": 42, "event": "click"' // truncated by a crashed writer
      : JSON.stringify({ id: n, event: n % 3 === 0 ? 'view' : 'click', at: 1_700_000_000 + n }),
  );
}
await writeFile(file, `${text.join('\n')}\n`);

const emulator = await startEmulator({ rowKeyField: 'id', validation: 'fast' });
const { properties } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });
const client = await createClient({
  clientName: 'ndjson-bridge',
  dbName: 'DEMO_DB',
  schemaName: 'PUBLIC',
  tableName: 'EVENTS',
  properties,
});

/** Appends lines `first..first+chunk.length-1`; a refused line is set aside and the rest retried. */
async function appendChunk(channel: Channel, chunk: string[], first: number): Promise<string[]> {
  const rejected: string[] = [];
  let rows = chunk;
  let start = first;
  while (rows.length > 0) {
    try {
      await channel.appendEncodedRows(rows, String(start), String(start + rows.length - 1));
      break;
    } catch (error) {
      if (!isStreamingIngestError(error) || error.code !== 'INVALID_ENCODED_ROW') throw error;
      // Nothing of the call was buffered: send the rows before the bad one, skip it, go on.
      const bad = error.details?.rowIndex as number;
      if (bad > 0) {
        await channel.appendEncodedRows(rows.slice(0, bad), String(start), String(start + bad - 1));
      }
      rejected.push(`line ${start + bad}: ${error.message}`);
      rows = rows.slice(bad + 1);
      start += bad + 1;
    }
  }
  return rejected;
}

let exitCode = 1;
try {
  const { channel } = await client.openChannel({ name: 'events-0' });
  const started = performance.now();
  const rejected: string[] = [];
  let chunk: string[] = [];
  let first = 1; // line number (= offset token) of chunk[0]
  let lineNo = 0;
  // The async iterator reads on only as fast as the loop consumes, and appendEncodedRows waits
  // while the client's buffer is full: that is the backpressure, all the way to the file.
  const input = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of input) {
    lineNo += 1;
    chunk.push(line);
    if (chunk.length === CHUNK) {
      rejected.push(...(await appendChunk(channel, chunk, first)));
      first += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length > 0) rejected.push(...(await appendChunk(channel, chunk, first)));
  await channel.waitForCommit(String(lines), { timeoutMs: 30_000 });
  const seconds = (performance.now() - started) / 1000;

  const ledger = emulator.ledger.channel('DEMO_DB', 'PUBLIC', 'EVENTS-STREAMING', 'events-0');
  console.log(
    `${lineNo} lines read, ${rejected.length} refused, ${Math.round(lineNo / seconds)} lines/s`,
  );
  for (const r of rejected) console.log(`  refused ${r}`);
  console.log(
    `ledger: ${ledger?.rowsCommitted ?? 0} committed, ${ledger?.distinctKeys ?? 0} distinct ids, ` +
      `${ledger?.duplicateKeys ?? 0} duplicates, committed offset token ${ledger?.committedOffsetToken ?? 'null'}`,
  );
  const expected = lines - 1;
  if (
    ledger?.rowsCommitted === expected &&
    ledger.distinctKeys === expected &&
    ledger.duplicateKeys === 0 &&
    rejected.length === 1
  ) {
    console.log('OK: every good line committed exactly once; the bad one reported by number');
    exitCode = 0;
  } else {
    console.error(`FAILED: expected ${expected} rows committed once and 1 refused line`);
  }
} finally {
  await client.close();
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = exitCode;
