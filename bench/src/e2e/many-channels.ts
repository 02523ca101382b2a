import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT_OPTIONS } from '@snowpipe/streaming-client';
import type { BenchResult } from '../lib/result.js';

/** One configuration of {@link benchManyChannels}. */
export interface ManyChannelsCase {
  /** Channels opened. */
  open: number;
  /** Of them, how many stream rows. */
  busy: number;
  /** Rows streamed in total (spread over the busy channels). */
  rows: number;
}

interface ChildReport extends ManyChannelsCase {
  seconds: number;
  beforeOpenRssBytes: number;
  afterOpenRssBytes: number;
  peakRssBytes: number;
  rowsCommitted: number;
  requests: number;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'many-channels-child.js');
const MIB = 1024 * 1024;

/**
 * Client memory with many open channels, at default options: RSS growth from before the channels
 * are opened to the peak while the busy ones stream, against the documented bound: the buffer
 * cap (`maxBufferedBytes`) plus a quarter of it for partly written request buffers, plus 1 MiB
 * per busy channel (README "How appends work").
 */
export async function benchManyChannels(
  cases: readonly ManyChannelsCase[],
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of cases) {
    const report = await runChild(c);
    if (report.rowsCommitted !== c.rows)
      throw new Error(`committed ${report.rowsCommitted} of ${c.rows} rows`);
    const cap = DEFAULT_CLIENT_OPTIONS.maxBufferedBytes;
    const boundBytes = cap * 1.25 + c.busy * MIB;
    const growth = report.peakRssBytes - report.beforeOpenRssBytes;
    const perOpenKb = (report.afterOpenRssBytes - report.beforeOpenRssBytes) / c.open / 1024;
    results.push({
      name: `e2e.memory.${c.open}-open-${c.busy}-busy.rss-growth`,
      value: growth / MIB,
      unit: 'MiB',
      goal: `<= 1.25 x cap + 1 MiB x busy = ${(boundBytes / MIB).toFixed(0)} MiB`,
      pass: growth <= boundBytes,
      notes: `${c.rows.toLocaleString('en-US')} rows over ${c.busy} of ${c.open} channels in ${report.seconds.toFixed(1)} s; RSS ${(report.beforeOpenRssBytes / MIB).toFixed(0)} MiB before opening, ${(report.afterOpenRssBytes / MIB).toFixed(0)} MiB after (${perOpenKb.toFixed(1)} KiB per open channel), peak ${(report.peakRssBytes / MIB).toFixed(0)} MiB; ${report.requests} requests; client defaults (32 MiB cap, fetch transport, gzip)`,
    });
  }
  return results;
}

async function runChild(c: ManyChannelsCase): Promise<ChildReport> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, OPEN: String(c.open), BUSY: String(c.busy), ROWS: String(c.rows) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`many-channels child exited with ${code}`)),
    );
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
}
