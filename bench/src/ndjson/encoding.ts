import { createClient } from '@snowpipe/streaming-client';
import type { Channel, Row, StreamingIngestClient } from '@snowpipe/streaming-client';
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

/** Offsets and bytes the two shared contenders have produced so far. */
export interface ContenderTally {
  /** Offset token of the last row the client contender appended. */
  offset: number;
  /** Bytes of request bodies the bare loop built. */
  wireBytes: number;
}

/**
 * The two contenders both NDJSON benchmarks race: a bare `JSON.stringify`-and-join loop building
 * request `bodies`, and the client appending `chunks` with integer offset tokens then flushing.
 */
export function bareAndClientRunners(
  bodies: readonly (readonly object[])[],
  chunks: readonly Row[][],
  channel: Channel,
  tally: ContenderTally,
): { bare: Runner; client: Runner } {
  return {
    bare: () => {
      for (const group of bodies) {
        const body = Buffer.from(`${group.map((r) => JSON.stringify(r)).join('\n')}\n`);
        tally.wireBytes += body.byteLength;
      }
      return Promise.resolve();
    },
    client: async () => {
      for (const c of chunks) {
        await channel.appendRows(c, String(tally.offset + 1), String(tally.offset + c.length));
        tally.offset += c.length;
      }
      channel.initiateFlush();
      await channel.waitForFlush();
    },
  };
}

/**
 * One warm-up round per contender, then `rounds` interleaved rounds (the starting contender
 * rotates); after each measurement the commit poller releases the buffer outside the timed window.
 */
export async function interleavedRounds(
  runners: Readonly<Record<string, Runner>>,
  rowCount: number,
  rounds: number,
  settle: () => Promise<unknown>,
  afterWarmUp: () => void = () => undefined,
): Promise<Record<string, number[]>> {
  const names = Object.keys(runners);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) await measure(runners[name]!, rowCount);
  afterWarmUp();
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      samples[name]!.push(await measure(runners[name]!, rowCount));
      await settle();
    }
  }
  return samples;
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
  const tally: ContenderTally = { offset: 0, wireBytes: 0 };
  const runners: Record<string, Runner> = {
    ...bareAndClientRunners(bodies, chunks, channel, tally),
    ...(perRow
      ? {
          'client.appendRow': async () => {
            for (const row of rows) await channel.appendRow(row, String(++tally.offset));
            channel.initiateFlush();
            await channel.waitForFlush();
          },
        }
      : {}),
  };
  try {
    let appendsBefore = 0;
    const samples = await interleavedRounds(
      runners,
      rowCount,
      rounds,
      () => channel.waitForCommit(String(tally.offset), { timeoutMs: 10_000 }),
      () => void (appendsBefore = appends()),
    );
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
    if (tally.wireBytes === 0) throw new Error('baseline produced no bytes');
    return results;
  } finally {
    await client.close({ waitForCommit: false });
  }
}
