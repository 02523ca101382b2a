import { benchKeys } from '../lib/bench-keys.js';
import { collectGarbage } from '../lib/gc.js';
import type { BenchResult } from '../lib/result.js';
import { chunk, encodeBodies, makeRows } from '../lib/rows.js';
import { cpuMicrosSince, fmtRange, median, pairedRatios } from '../lib/stats.js';
import { openClientWriter } from './client-writer.js';
import type { ClientWriter } from './client-writer.js';
import { startEmulatorChild } from './emulator-child.js';
import { openRawWriter } from './raw-writer.js';

/** Settings for {@link benchHundredChannels}. */
export interface HundredChannelsOptions {
  /** @default 100 */
  channels?: number;
  /** Rows per channel per round (the same ~220-byte rows on every channel). @default 2000 */
  rowsPerChannel?: number;
  /** Rows per `appendRows` call. @default 500 */
  chunkRows?: number;
  /** Request body size: the client's `maxBatchBytes` and the raw side's body cap. @default 131072 */
  batchBytes?: number;
  /** Interleaved rounds per side (after one warm-up round each). @default 3 */
  rounds?: number;
  /** Sockets of both pools. @default 32 */
  connections?: number;
  /** Also run the client with gzip (informational). @default true */
  gzip?: boolean;
}

interface Sample {
  wallMs: number;
  cpuUs: number;
}

async function timed(fn: () => Promise<void>): Promise<Sample> {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  return { wallMs: performance.now() - start, cpuUs: cpuMicrosSince(cpu) };
}

/**
 * End to end against the emulator (fast validation, its own process), 100 channels: rows/s of the
 * client (undici transport, compression none so both sides send the same bytes) vs raw undici
 * posting the same rows pre-encoded, rounds interleaved in one run. Goal ≥ 0.9×; the seed's
 * 500 requests/min/channel is reported as a floor.
 */
export async function benchHundredChannels(
  options: HundredChannelsOptions = {},
): Promise<BenchResult[]> {
  const channels = options.channels ?? 100;
  const rowsPerChannel = options.rowsPerChannel ?? 2000;
  const chunkRows = options.chunkRows ?? 500;
  const batchBytes = options.batchBytes ?? 128 * 1024;
  const rounds = options.rounds ?? 3;
  const connections = options.connections ?? 32;
  const keys = benchKeys();
  const emulator = await startEmulatorChild(keys, ['--validation', 'fast']);
  const rows = makeRows(rowsPerChannel);
  const chunks = chunk(rows, chunkRows);
  const bodies = encodeBodies(rows, batchBytes);
  const bytesPerRound = channels * bodies.reduce((n, b) => n + b.body.byteLength, 0);
  const rowsPerRound = channels * rowsPerChannel;
  const common = { url: emulator.url, channels, connections, maxBatchBytes: batchBytes };
  const writers: ClientWriter[] = [];
  const raw = await openRawWriter({ url: emulator.url, channels, prefix: 'raw', connections });
  try {
    const ours = await openClientWriter({ ...common, prefix: 'sdk', compression: 'none' });
    writers.push(ours);
    const batches = (): number => ours.client.stats().batchesSent;
    const runOurs = async (): Promise<{ s: Sample; requests: number }> => {
      const before = batches();
      const s = await timed(() => ours.writeRound(chunks));
      const requests = batches() - before;
      await ours.waitForCommits();
      return { s, requests };
    };
    const runRaw = async (): Promise<Sample> => timed(() => raw.writeRound(bodies));
    await runOurs(); // warm-up: JIT, sockets
    await runRaw();
    const oursSamples: Sample[] = [];
    const rawSamples: Sample[] = [];
    const requestCounts: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const pairs: Array<() => Promise<void>> = [
        async () => {
          const r = await runOurs();
          oursSamples.push(r.s);
          requestCounts.push(r.requests);
        },
        async () => {
          rawSamples.push(await runRaw());
        },
      ];
      if (round % 2) pairs.reverse();
      for (const p of pairs) await p();
    }
    const rowsPerS = (s: Sample): number => rowsPerRound / (s.wallMs / 1000);
    const ratios = pairedRatios(oursSamples.map(rowsPerS), rawSamples.map(rowsPerS));
    const cpuRatios = pairedRatios(
      rawSamples.map((s) => s.cpuUs),
      oursSamples.map((s) => s.cpuUs),
    );
    const oursRate = median(oursSamples.map(rowsPerS));
    const rawRate = median(rawSamples.map(rowsPerS));
    const mbs = (rate: number): string =>
      `${((rate * bytesPerRound) / rowsPerRound / 1e6).toFixed(0)} MB/s`;
    const rawRequests = bodies.length * channels;
    const perChannelPerMin = median(
      oursSamples.map((s, i) => requestCounts[i]! / channels / (s.wallMs / 60_000)),
    );
    const shape = `${channels} channels x ${rowsPerChannel.toLocaleString('en-US')} rows/round (${(bytesPerRound / 1e6).toFixed(1)} MB, ~${Math.round(bytesPerRound / rowsPerRound)} B/row), appendRows x${chunkRows}, ${batchBytes / 1024} KiB bodies (${median(requestCounts)} vs ${rawRequests} requests/round), ${connections} sockets each, emulator fast mode in a child process, compression none`;
    const ms = (xs: Sample[]): string => fmtRange(xs.map((s) => s.wallMs), 0);
    const results: BenchResult[] = [
      {
        name: 'e2e.100ch.rows-per-s.vs-raw-undici',
        value: oursRate,
        unit: 'rows/s',
        peer: 'raw undici Pool, pre-encoded',
        peerValue: rawRate,
        ratio: median(ratios),
        goal: '>= 0.9x raw undici',
        pass: median(ratios) >= 0.9,
        notes: `${mbs(oursRate)} vs ${mbs(rawRate)}; ${shape}; wall time, median of ${rounds} interleaved rounds (ours ${ms(oursSamples)} ms, raw ${ms(rawSamples)} ms), paired ratios ${fmtRange(ratios)}`,
      },
      {
        name: 'e2e.100ch.cpu-efficiency.vs-raw-undici',
        value: median(oursSamples.map((s) => s.cpuUs / rowsPerRound)),
        unit: 'cpu-us/row',
        peer: 'raw undici Pool, pre-encoded',
        peerValue: median(rawSamples.map((s) => s.cpuUs / rowsPerRound)),
        ratio: median(cpuRatios),
        notes: `informational: client-process CPU per row, ratio = raw/ours (the raw side does no JSON encoding: its bodies are encoded before timing); paired ratios ${fmtRange(cpuRatios)}`,
      },
      {
        name: 'e2e.100ch.requests-per-min-per-channel',
        value: perChannelPerMin,
        unit: 'req/min/ch',
        goal: '>= 500 (seed floor)',
        pass: perChannelPerMin >= 500,
        notes: `append requests of the client per channel per minute at ${batchBytes / 1024} KiB bodies (smaller bodies give more requests); the seed's 500 is a floor, not a goal`,
      },
    ];
    if (options.gzip ?? true) {
      const gz = await openClientWriter({ ...common, prefix: 'gzip', compression: 'gzip' });
      writers.push(gz);
      await gz.writeRound(chunks); // warm-up
      await gz.waitForCommits();
      const gzSamples: Sample[] = [];
      const gzRaw: Sample[] = [];
      for (let round = 0; round < Math.max(1, rounds - 1); round++) {
        gzSamples.push(await timed(() => gz.writeRound(chunks)));
        await gz.waitForCommits();
        gzRaw.push(await runRaw());
      }
      const gzRatios = pairedRatios(gzSamples.map(rowsPerS), gzRaw.map(rowsPerS));
      const wire = gz.client.stats().bytesSent;
      const sent = gz.client.stats().rowsSent;
      results.push({
        name: 'e2e.100ch.gzip.rows-per-s.vs-raw-undici',
        value: median(gzSamples.map(rowsPerS)),
        unit: 'rows/s',
        peer: 'raw undici Pool, uncompressed',
        peerValue: median(gzRaw.map(rowsPerS)),
        ratio: median(gzRatios),
        notes: `informational: client with gzip (the default), ${(wire / sent).toFixed(0)} wire B/row vs ${Math.round(bytesPerRound / rowsPerRound)}; gzip trades CPU on a 2-core box for bytes on a real network; paired ratios ${fmtRange(gzRatios)}`,
      });
    }
    const totals = await emulator.totals();
    if (totals.rowsReceived < rowsPerRound * rounds * 2)
      throw new Error(`emulator saw only ${totals.rowsReceived} rows`);
    return results;
  } finally {
    for (const w of writers) await w.close();
    await raw.close();
    await emulator.stop();
  }
}
