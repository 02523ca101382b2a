import { createClient } from '@snowpipe/streaming-client';
import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';
import { benchKeys, clientProperties } from '../lib/bench-keys.js';
import { collectGarbage } from '../lib/gc.js';
import { createFakeServiceTransport } from '../lib/fake-service-transport.js';
import type { BenchResult } from '../lib/result.js';
import { chunk, makeRows } from '../lib/rows.js';
import { cpuMicrosSince, fmtRange, median, pairedRatios } from '../lib/stats.js';

/** Settings for {@link benchNdjsonEncoding}. */
export interface NdjsonEncodingOptions {
  /** Rows per round (the same row objects on both sides). @default 200000 */
  rows?: number;
  /** Rows per `appendRows` call. @default 1000 */
  chunkRows?: number;
  /** Interleaved rounds per contender (after one warm-up round each). @default 5 */
  rounds?: number;
  /** The client's `maxBatchBytes` (and the baseline's body size). @default 4194304 */
  batchBytes?: number;
  /** Also measure one `appendRow` call per row (informational). @default true */
  perRow?: boolean;
}

export type Runner = () => Promise<void>;

/** Runs `runner` and returns rows per CPU-second of this process. */
export async function measure(runner: Runner, rows: number): Promise<number> {
  collectGarbage();
  const start = process.cpuUsage();
  await runner();
  return (rows * 1e6) / Math.max(1, cpuMicrosSince(start));
}

/** A real client over the in-process fake service, with one open channel. */
export async function openFakeClient(batchBytes: number): Promise<{
  client: StreamingIngestClient;
  channel: Channel;
  appends: () => number;
}> {
  const transport = createFakeServiceTransport();
  const client = await createClient({
    clientName: 'bench-ndjson',
    dbName: 'BENCH',
    schemaName: 'PUBLIC',
    pipeName: 'EVENTS-STREAMING',
    properties: clientProperties('http://127.0.0.1:1', benchKeys()),
    transport,
    compression: 'none',
    maxBatchBytes: batchBytes,
    // Only full batches and the explicit flush send; rows are released at the next commit poll.
    maxClientLagMs: 60_000,
    maxBufferedBytes: 1024 * 1024 * 1024,
    commitPollIntervalMs: 20,
  });
  const { channel } = await client.openChannel({ name: 'ndjson' });
  return { client, channel, appends: () => transport.appends() };
}

/**
 * NDJSON encoding and batching: the client's whole append path (`appendRows` → encode → batch →
 * request body, through a real client whose transport answers in-process) vs a bare
 * `JSON.stringify`-and-join loop producing the same request bodies from the same row objects.
 * Measured in process CPU time, rounds interleaved; goal ≥ 0.9×.
 */
export async function benchNdjsonEncoding(
  options: NdjsonEncodingOptions = {},
): Promise<BenchResult[]> {
  const rowCount = options.rows ?? 200_000;
  const chunkRows = options.chunkRows ?? 1000;
  const rounds = options.rounds ?? 5;
  const batchBytes = options.batchBytes ?? 4 * 1024 * 1024;
  const perRow = options.perRow ?? true;
  const rows = makeRows(rowCount);
  const chunks = chunk(rows, chunkRows);
  const rowBytes = Buffer.byteLength(rows.map((r) => JSON.stringify(r)).join('\n')) / rowCount;
  const rowsPerBody = Math.max(1, Math.floor(batchBytes / rowBytes));
  const bodies = chunk(rows, rowsPerBody);
  const { client, channel, appends } = await openFakeClient(batchBytes);
  let offset = 0;
  let wireBytes = 0;

  const runners: Record<string, Runner> = {
    bare: () => {
      for (const group of bodies) {
        const body = Buffer.from(`${group.map((r) => JSON.stringify(r)).join('\n')}\n`);
        wireBytes += body.byteLength;
      }
      return Promise.resolve();
    },
    client: async () => {
      for (const c of chunks) {
        await channel.appendRows(c, String(offset + 1), String(offset + c.length));
        offset += c.length;
      }
      channel.initiateFlush();
      await channel.waitForFlush();
    },
    ...(perRow
      ? {
          'client.appendRow': async () => {
            for (const row of rows) await channel.appendRow(row, String(++offset));
            channel.initiateFlush();
            await channel.waitForFlush();
          },
        }
      : {}),
  };
  const names = Object.keys(runners);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (const name of names) await measure(runners[name]!, rowCount); // warm-up
    const appendsBefore = appends();
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]!;
        samples[name]!.push(await measure(runners[name]!, rowCount));
        // Let the commit poller release the buffer outside the timed window.
        await channel.waitForCommit(String(offset), { timeoutMs: 10_000 });
      }
    }
    const requests = (appends() - appendsBefore) / (rounds * (perRow ? 2 : 1));
    const ratios = pairedRatios(samples.client!, samples.bare!);
    const ratio = median(ratios);
    const mbs = (rowsPerS: number): string => `${((rowsPerS * rowBytes) / 1e6).toFixed(0)} MB/s`;
    const results: BenchResult[] = [
      {
        name: 'ndjson.encode.appendRows-vs-bare-stringify',
        value: median(samples.client!),
        unit: 'rows/cpu-s',
        peer: 'bare JSON.stringify+join',
        peerValue: median(samples.bare!),
        ratio,
        goal: '>= 0.9x bare loop',
        pass: ratio >= 0.9,
        notes: `${rowCount.toLocaleString('en-US')} rows of ~${Math.round(rowBytes)} B, appendRows x${chunkRows}, ${(batchBytes / 1048576).toFixed(1)} MiB batches (~${requests.toFixed(0)} requests/round), in-process fake service, compression none; ${mbs(median(samples.client!))} vs ${mbs(median(samples.bare!))}; process CPU time, median of ${rounds} interleaved rounds, paired ratios ${fmtRange(ratios)}`,
      },
    ];
    if (perRow) {
      const rowRatios = pairedRatios(samples['client.appendRow']!, samples.bare!);
      results.push({
        name: 'ndjson.encode.appendRow-per-row-vs-bare-stringify',
        value: median(samples['client.appendRow']!),
        unit: 'rows/cpu-s',
        peer: 'bare JSON.stringify+join',
        peerValue: median(samples.bare!),
        ratio: median(rowRatios),
        notes: `informational: one awaited appendRow call per row (per-call validation, budget and buffer work); paired ratios ${fmtRange(rowRatios)}`,
      });
    }
    if (wireBytes === 0) throw new Error('baseline produced no bytes');
    return results;
  } finally {
    await client.close({ waitForCommit: false });
  }
}
