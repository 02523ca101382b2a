import type { Row } from '@snowpipe/streaming-client';
import { benchKeys } from '../lib/bench-keys.js';
import type { BenchResult } from '../lib/result.js';
import { chunk, encodeBodies, makeRows } from '../lib/rows.js';
import { fmtRange, median, pairedRatios } from '../lib/stats.js';
import { openClientWriter } from './client-writer.js';
import type { ClientWriter, EncodedChunk } from './client-writer.js';
import { startEmulatorChild } from './emulator-child.js';
import type { EmulatorChild } from './emulator-child.js';
import { interleave, timed } from './paired-rounds.js';
import type { Sample } from './paired-rounds.js';
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
  /**
   * Rounds of the goal group (the client fed pre-encoded rows in place with `rowCount`, in place
   * without it, and copied, vs raw pre-encoded), order rotated, after the warm-up rounds. Round ratios on a 2-core
   * machine swing by ±30 % or more, so the median needs many (with 21, medians of whole runs
   * still spread 0.82–0.97). @default 41
   */
  goalRounds?: number;
  /** Interleaved rounds of the informational contenders (after the warm-up rounds). @default 3 */
  rounds?: number;
  /** Unmeasured warm-up rounds per contender. @default 3 */
  warmups?: number;
  /** Sockets of both pools. @default 32 */
  connections?: number;
  /** Rows per request in the small-request (request-rate floor) cell. @default 10 */
  smallRows?: number;
  /** Requests per channel per round in the small-request cell. @default 20 */
  smallRequests?: number;
  /** Also run the client with gzip (informational). @default true */
  gzip?: boolean;
}

interface Cell {
  rows: Row[];
  chunkRows: number;
  batchBytes: number;
}

/**
 * The goal group: ours via `appendEncodedRows` with `copy: false` and `rowCount` (`unread`), raw
 * pre-encoded, ours copying, ours with `copy: false` alone (`inPlace`).
 */
type GoalSamples = Record<'unread' | 'raw' | 'copying' | 'inPlace', Sample[]>;

/** The informational sequence: ours via `appendRows`, raw pre-encoded, raw encoding in the window. */
type InfoSamples = Record<'objects' | 'raw' | 'rawEncoding', Sample[]>;

/** Samples of one cell: the goal group (when it ran) and the informational sequence. */
interface CellSamples {
  goal: GoalSamples | undefined;
  info: InfoSamples;
  /** Requests the client sent per informational round. */
  requests: number[];
  bytes: number;
  wireBytesPerRow: number;
}

/**
 * One cell: with `goalRounds`, first the goal group alone (the client fed pre-encoded rows, in
 * place with and without `rowCount` and copied, vs raw undici posting pre-encoded bodies, order
 * rotated, a young-generation GC before each); then the client fed row objects vs raw pre-encoded vs raw encoding in the
 * window, interleaved. The group runs apart so the garbage-heavy contenders (objects, encoding in
 * the window) do not collect their garbage on its clock.
 *
 * Every channel gets its own copy of the pre-encoded bytes on both sides, made before any timed
 * window: real channels carry different rows, and one shared set (about 440 KB for all 100
 * channels) let the raw sender's socket writes read cache-hot memory while the client's read the
 * request buffers it had copied into.
 */
async function runCell(
  emulator: EmulatorChild,
  cell: Cell,
  tag: string,
  o: Required<HundredChannelsOptions>,
  writers: ClientWriter[],
  compression: 'none' | 'gzip' = 'none',
  goalRounds = 0,
): Promise<CellSamples> {
  const { channels, connections, rounds } = o;
  const chunks = chunk(cell.rows, cell.chunkRows);
  // The same append calls with their rows encoded before the timed window, like the raw bodies.
  const encodedChunks: EncodedChunk[] = chunks.map((c) => {
    const [whole] = encodeBodies(c, Number.POSITIVE_INFINITY);
    return { ndjson: whole!.body, rows: c.length };
  });
  const shared = encodeBodies(cell.rows, cell.batchBytes);
  const perChannel = <T>(copy: () => T): T[] => Array.from({ length: channels }, copy);
  const bodyCopies = perChannel(() => shared.map((b) => ({ ...b, body: Buffer.from(b.body) })));
  const chunkCopies =
    goalRounds > 0
      ? perChannel(() => encodedChunks.map((c) => ({ ...c, ndjson: Buffer.from(c.ndjson) })))
      : [];
  const bodies = (i: number): typeof shared => bodyCopies[i]!;
  const encodedFor = (i: number): EncodedChunk[] => chunkCopies[i]!;
  const common = { url: emulator.url, channels, connections };
  const ours = await openClientWriter({
    ...common,
    prefix: `${tag}-sdk`,
    compression,
    maxBatchBytes: cell.batchBytes,
    // Room for a whole round (43.7 MB), as the raw side holds all of its bodies in memory too.
    maxBufferedBytes: 128 * 1024 * 1024,
  });
  writers.push(ours);
  const raw = await openRawWriter({ ...common, prefix: `${tag}-raw` });
  const requests: number[] = [];
  /**
   * A round of ours: `write` timed, then the commits awaited outside the timed window (that frees
   * the buffer budget; with `copy: false` it also keeps the bytes unchanged until committed,
   * which the next round's reuse of the same buffers respects).
   */
  const oursRound = (write: () => Promise<void>, gc?: 'young') => async (): Promise<Sample> => {
    const s = await timed(write, gc);
    await ours.waitForCommits();
    return s;
  };
  try {
    const goal =
      goalRounds > 0
        ? await interleave(
            goalRounds,
            {
              unread: oursRound(
                () => ours.writeEncodedRound(encodedFor, { copy: false, withRowCount: true }),
                'young',
              ),
              raw: () => timed(() => raw.writeRound(bodies), 'young'),
              copying: oursRound(() => ours.writeEncodedRound(encodedFor), 'young'),
              inPlace: oursRound(
                () => ours.writeEncodedRound(encodedFor, { copy: false }),
                'young',
              ),
            },
            o.warmups,
          )
        : undefined;
    const info = await interleave(
      rounds,
      {
        objects: async () => {
          // The request count is read outside the timed window.
          const before = ours.client.stats().batchesSent;
          const s = await oursRound(() => ours.writeRound(chunks))();
          requests.push(ours.client.stats().batchesSent - before);
          return s;
        },
        raw: () => timed(() => raw.writeRound(bodies)),
        rawEncoding: () => timed(() => raw.writeRows(cell.rows, cell.batchBytes)),
      },
      o.warmups,
    );
    const stats = ours.client.stats();
    return {
      goal,
      info,
      requests: requests.slice(o.warmups),
      bytes: shared.reduce((n, b) => n + b.body.byteLength, 0) * channels,
      wireBytesPerRow: stats.bytesSent / stats.rowsSent,
    };
  } finally {
    await raw.close();
  }
}

/**
 * End to end against the emulator (fast validation, its own process), 100 channels: rows/s of the
 * client (undici transport, compression none so both sides send the same bytes) fed the rows
 * pre-encoded (`appendEncodedRows`) vs raw undici posting the same rows pre-encoded, rounds
 * interleaved in one run (goal ≥ 0.9×); also the client fed row objects (`appendRows`) against
 * both raw senders, the client with gzip, and the request rate per channel with small requests
 * against the seed's floor of 500 requests/min/channel.
 */
export async function benchHundredChannels(
  options: HundredChannelsOptions = {},
): Promise<BenchResult[]> {
  const o: Required<HundredChannelsOptions> = {
    channels: 100,
    rowsPerChannel: 2000,
    chunkRows: 500,
    batchBytes: 128 * 1024,
    goalRounds: 41,
    rounds: 3,
    warmups: 3,
    connections: 32,
    smallRows: 10,
    smallRequests: 20,
    gzip: true,
    ...options,
  };
  const emulator = await startEmulatorChild(benchKeys(), ['--validation', 'fast']);
  const writers: ClientWriter[] = [];
  try {
    const bulk: Cell = {
      rows: makeRows(o.rowsPerChannel),
      chunkRows: o.chunkRows,
      batchBytes: o.batchBytes,
    };
    const b = await runCell(emulator, bulk, 'bulk', o, writers, 'none', o.goalRounds);
    const rowsPerRound = o.channels * o.rowsPerChannel;
    const rate = (xs: Sample[]): number[] => xs.map((s) => rowsPerRound / (s.wallMs / 1000));
    const goal = b.goal!;
    const oursEnc = rate(goal.unread);
    const raw = rate(goal.raw);
    const oursCopy = rate(goal.copying);
    const oursUncounted = rate(goal.inPlace);
    const ours = rate(b.info.objects);
    const infoRaw = rate(b.info.raw);
    const rawEnc = rate(b.info.rawEncoding);
    const ratios = pairedRatios(oursEnc, raw);
    const copyRatios = pairedRatios(oursCopy, raw);
    const uncountedRatios = pairedRatios(oursUncounted, raw);
    const objRatios = pairedRatios(ours, infoRaw);
    const encRatios = pairedRatios(ours, rawEnc);
    const mbs = (r: number): string => `${((r * b.bytes) / rowsPerRound / 1e6).toFixed(0)} MB/s`;
    const cpu = (xs: Sample[]): number => median(xs.map((s) => s.cpuUs / rowsPerRound));
    const shape = `${o.channels} ch x ${o.rowsPerChannel.toLocaleString('en-US')} rows/round (${(b.bytes / 1e6).toFixed(1)} MB, ~${Math.round(b.bytes / rowsPerRound)} B/row), ${o.chunkRows} rows per append call, ${o.batchBytes / 1024} KiB bodies (${median(b.requests)} requests/round each side), ${o.connections} sockets each, emulator (fast) in a child process, compression none`;
    const cpuNote = `client-process CPU ${cpu(goal.unread).toFixed(2)} (appendEncodedRows, copy false, rowCount) vs ${cpu(goal.raw).toFixed(2)} (raw, pre-encoded) vs ${cpu(goal.inPlace).toFixed(2)} (copy false alone) vs ${cpu(goal.copying).toFixed(2)} (copying) us/row; in the informational rounds (full GC before each) ${cpu(b.info.objects).toFixed(2)} (appendRows) vs ${cpu(b.info.rawEncoding).toFixed(2)} (raw, encoding)`;
    const results: BenchResult[] = [
      {
        name: 'e2e.100ch.rows-per-s.vs-raw-undici-pre-encoded',
        value: median(oursEnc),
        unit: 'rows/s',
        peer: 'raw undici Pool, pre-encoded bodies',
        peerValue: median(raw),
        ratio: median(ratios),
        goal: '>= 0.9x raw undici',
        pass: median(ratios) >= 0.9,
        notes: `both sides start from the same rows encoded before the timed window (each channel its own copy): ours appendEncodedRows (NDJSON per append call, copy false and rowCount: sent in place, rows counted and checked right before they are sent) through the whole client (row checks, budget, batching, tokens, retry, request path, retained for replay, commit tracking), raw posts ready bodies; ${mbs(median(oursEnc))} vs ${mbs(median(raw))}; ${shape}; wall time, median of ${o.goalRounds} rounds of this group alone, order rotated (young-generation GC before each), paired ratios ${fmtRange(ratios)}; ${cpuNote}`,
      },
      {
        name: 'e2e.100ch.in-place-checked-at-append.rows-per-s.vs-raw-undici-pre-encoded',
        value: median(oursUncounted),
        unit: 'rows/s',
        peer: 'raw undici Pool, pre-encoded bodies',
        peerValue: median(raw),
        ratio: median(uncountedRatios),
        notes: `informational: as the goal row without rowCount (copy false alone: every row counted and checked when appended, a separate pass over memory the socket write reads again later), in the same rounds; paired ratios ${fmtRange(uncountedRatios)}`,
      },
      {
        name: 'e2e.100ch.copying.rows-per-s.vs-raw-undici-pre-encoded',
        value: median(oursCopy),
        unit: 'rows/s',
        peer: 'raw undici Pool, pre-encoded bodies',
        peerValue: median(raw),
        ratio: median(copyRatios),
        notes: `informational: as the goal row, with appendEncodedRows' default (rows copied into the client's request buffers, so the caller may reuse its bytes at once), in the same rounds; paired ratios ${fmtRange(copyRatios)}`,
      },
      {
        name: 'e2e.100ch.objects.rows-per-s.vs-raw-undici-pre-encoded',
        value: median(ours),
        unit: 'rows/s',
        peer: 'raw undici Pool, pre-encoded bodies',
        peerValue: median(infoRaw),
        ratio: median(objRatios),
        notes: `informational: ours takes row objects (appendRows) and JSON-encodes them in the window, raw does not; paired ratios ${fmtRange(objRatios)}`,
      },
      {
        name: 'e2e.100ch.objects.rows-per-s.vs-raw-undici-encoding',
        value: median(ours),
        unit: 'rows/s',
        peer: 'raw undici Pool, JSON.stringify+join in the window',
        peerValue: median(rawEnc),
        ratio: median(encRatios),
        notes: `informational: both sides encode the same row objects inside the timed window (appendRows vs a hand-written loop); paired ratios ${fmtRange(encRatios)}`,
      },
    ];
    const small: Cell = {
      rows: makeRows(o.smallRows * o.smallRequests),
      chunkRows: o.smallRows,
      // One append call per request: the batch cap is one call's bytes.
      batchBytes: Math.ceil(encodeBodies(makeRows(o.smallRows), 1e9)[0]!.body.byteLength * 1.05),
    };
    const s = await runCell(emulator, small, 'small', o, writers);
    const perMin = (xs: Sample[], requests: (i: number) => number): number[] =>
      xs.map((x, i) => requests(i) / o.channels / (x.wallMs / 60_000));
    const oursPerMin = perMin(s.info.objects, (i) => s.requests[i]!);
    const rawPerMin = perMin(s.info.raw, () => o.smallRequests * o.channels);
    results.push({
      name: 'e2e.100ch.small-requests.req-per-min-per-channel',
      value: median(oursPerMin),
      unit: 'req/min/ch',
      peer: 'raw undici Pool, pre-encoded bodies',
      peerValue: median(rawPerMin),
      ratio: median(pairedRatios(oursPerMin, rawPerMin)),
      goal: '>= 500 req/min/ch (seed floor)',
      pass: median(oursPerMin) >= 500,
      notes: `${o.channels} channels, ${o.smallRows} rows (~${Math.round(s.bytes / o.channels / o.smallRequests / 1024)} KiB) per request, ${o.smallRequests} requests per channel per round (client: ${median(s.requests)} per round), one request in flight per channel; the seed's 500 is a floor, not a goal`,
    });
    results.push({
      name: 'e2e.100ch.bulk.req-per-min-per-channel',
      value: median(perMin(b.info.objects, (i) => b.requests[i]!)),
      unit: 'req/min/ch',
      notes: `informational: the bulk cell's request rate (${o.batchBytes / 1024} KiB bodies)`,
    });
    if (o.gzip) {
      const g = await runCell(
        emulator,
        bulk,
        'gzip',
        { ...o, rounds: Math.min(2, o.rounds) },
        writers,
        'gzip',
      );
      const gz = rate(g.info.objects);
      const gzRaw = rate(g.info.raw);
      const gzRatios = pairedRatios(gz, gzRaw);
      results.push({
        name: 'e2e.100ch.gzip.rows-per-s.vs-raw-undici-pre-encoded',
        value: median(gz),
        unit: 'rows/s',
        peer: 'raw undici Pool, uncompressed pre-encoded',
        peerValue: median(gzRaw),
        ratio: median(gzRatios),
        notes: `informational: the client with gzip (its default), ${g.wireBytesPerRow.toFixed(0)} wire B/row vs ${Math.round(b.bytes / rowsPerRound)}; on loopback gzip only costs CPU, on a real network it saves bytes; paired ratios ${fmtRange(gzRatios)}`,
      });
    }
    return results;
  } finally {
    for (const w of writers) await w.close();
    await emulator.stop();
  }
}
