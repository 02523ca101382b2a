import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../lib/result.js';

/** Settings for {@link benchTenMillionRows}. */
export interface TenMillionRowsOptions {
  /** Rows streamed. @default 10000000 (env `ROWS` overrides) */
  rows?: number;
  /** Channels the rows are spread over. @default 8 */
  channels?: number;
}

interface ChildReport {
  rows: number;
  channels: number;
  seconds: number;
  cpuSeconds: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  rowsCommitted: number;
  bytesSent: number;
  batchesSent: number;
  atPeak: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'ten-million-child.js');

/**
 * Streams `rows` rows through one client (default settings except compression none; emulator in
 * fast mode, retention off) in a dedicated process, sampling its RSS every 50 ms. Goal: peak RSS
 * < 200 MB; it should take ≲ 60 s at 10M rows on a quiet machine.
 */
export async function benchTenMillionRows(
  options: TenMillionRowsOptions = {},
): Promise<BenchResult[]> {
  const rows = options.rows ?? Number(process.env.ROWS ?? 10_000_000);
  const channels = options.channels ?? 8;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, ROWS: String(rows), CHANNELS: String(channels) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`ten-million child exited with ${code}`)),
    );
  });
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
  const peakMb = report.peakRssBytes / 1e6;
  const label = report.rows >= 1e6 ? `${report.rows / 1e6}M` : `${report.rows / 1e3}k`;
  const detail = `${report.rows.toLocaleString('en-US')} rows over ${report.channels} channels in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / report.seconds).toLocaleString('en-US')} rows/s, ${(report.bytesSent / report.seconds / 1e6).toFixed(0)} MB/s, ${report.batchesSent} requests, client CPU ${report.cpuSeconds.toFixed(1)} s); RSS ${(report.baselineRssBytes / 1e6).toFixed(0)} MB after open, sampled every 50 ms; at the peak: V8 heap ${(report.atPeak.heapUsed / 1e6).toFixed(0)} MB used of ${(report.atPeak.heapTotal / 1e6).toFixed(0)} MB, external ${(report.atPeak.external / 1e6).toFixed(0)} MB; committed ${report.rowsCommitted.toLocaleString('en-US')}; client defaults (32 MiB buffer, 4 MiB batches) except compression none`;
  if (report.rowsCommitted !== report.rows)
    throw new Error(`committed ${report.rowsCommitted} of ${report.rows} rows`);
  return [
    {
      name: `e2e.memory.${label}-rows.peak-rss`,
      value: peakMb,
      unit: 'MB',
      goal: '< 200 MB peak RSS',
      pass: peakMb < 200,
      notes: detail,
    },
    {
      name: `e2e.memory.${label}-rows.duration`,
      value: report.seconds,
      unit: 's',
      ...(report.rows >= 10_000_000
        ? { goal: '<= 60 s for 10M rows', pass: report.seconds <= 60 }
        : {}),
      notes: `${Math.round(report.rows / report.seconds).toLocaleString('en-US')} rows/s`,
    },
  ];
}
