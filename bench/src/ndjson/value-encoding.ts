import type { BenchResult } from '../lib/result.js';
import { chunk } from '../lib/rows.js';
import { fmtRange, median, pairedRatios } from '../lib/stats.js';
import { bareAndClientRunners, interleavedRounds, openFakeClient } from './encoding.js';
import type { ContenderTally } from './encoding.js';
import { makePreconvertedRow, makeValueRow } from './value-rows.js';

/** Settings for {@link benchValueEncoding}. */
export interface ValueEncodingOptions {
  /** Rows per round. @default 100000 */
  rows?: number;
  /** Rows per `appendRows` call. @default 1000 */
  chunkRows?: number;
  /** Interleaved rounds per contender (after one warm-up round each). @default 5 */
  rounds?: number;
}

/**
 * Rows with BigInt, Buffer and Date columns through the client's whole append path
 * (`appendRows` → encode → batch → request body, in-process fake service, compression none) vs a
 * bare `JSON.stringify`-and-join loop over rows of the same shape whose three columns were
 * converted to strings beforehand. Process CPU time, rounds interleaved; goal ≥ 0.7×.
 */
export async function benchValueEncoding(
  options: ValueEncodingOptions = {},
): Promise<BenchResult[]> {
  const rowCount = options.rows ?? 100_000;
  const chunkRows = options.chunkRows ?? 1000;
  const rounds = options.rounds ?? 5;
  const batchBytes = 4 * 1024 * 1024;
  const rows = Array.from({ length: rowCount }, (_, i) => makeValueRow(i));
  const plain = Array.from({ length: rowCount }, (_, i) => makePreconvertedRow(i));
  const chunks = chunk(rows, chunkRows);
  const rowBytes = Buffer.byteLength(plain.map((r) => JSON.stringify(r)).join('\n')) / rowCount;
  const bodies = chunk(plain, Math.max(1, Math.floor(batchBytes / rowBytes)));
  const { client, channel } = await openFakeClient(batchBytes);
  const tally: ContenderTally = { offset: 0, wireBytes: 0 };
  const runners = bareAndClientRunners(bodies, chunks, channel, tally);
  try {
    const samples = await interleavedRounds(runners, rowCount, rounds, () =>
      channel.waitForCommit(String(tally.offset), { timeoutMs: 10_000 }),
    );
    if (tally.wireBytes === 0) throw new Error('baseline produced no bytes');
    const ratios = pairedRatios(samples['client']!, samples['bare']!);
    const ratio = median(ratios);
    return [
      {
        name: 'ndjson.values.appendRows-bigint-buffer-date-vs-bare-preconverted',
        value: median(samples['client']!),
        unit: 'rows/cpu-s',
        peer: 'bare JSON.stringify+join, columns pre-converted',
        peerValue: median(samples['bare']!),
        ratio,
        goal: '>= 0.7x bare loop',
        pass: ratio >= 0.7,
        notes: `${rowCount.toLocaleString('en-US')} rows of ~${Math.round(rowBytes)} B with a BigInt, a 16-byte Buffer and a Date column (the peer's rows carry them as strings converted before the loop), appendRows x${chunkRows}, 4 MiB batches, in-process fake service, compression none; process CPU time, median of ${rounds} interleaved rounds, paired ratios ${fmtRange(ratios)}`,
      },
    ];
  } finally {
    await client.close({ waitForCommit: false });
  }
}
