import { request } from 'undici';
import type { BenchResult } from '../lib/result.js';
import { startEmulatorProcess } from './emulator-process.js';
import type { EmulatorProcess } from './emulator-process.js';
import { makeRow } from '../lib/rows.js';

/** Settings for {@link appendThroughput}. */
export interface AppendThroughputOptions {
  /** Timed window per round. @default 1000 */
  measureMs?: number;
  /** Rounds per scenario; the median is reported (the machine is shared, so single runs are noisy). @default 5 */
  rounds?: number;
  /** Concurrent channels (one in-flight append each). @default 4 */
  channels?: number;
  /** Rows streamed for the memory check. @default 10_000_000 */
  memoryRows?: number;
}

const PIPE = '/v2/streaming/databases/BENCH/schemas/PUBLIC/pipes/EVENTS-STREAMING';
const ROWS_PIPE = '/v2/streaming/data/databases/BENCH/schemas/PUBLIC/pipes/EVENTS-STREAMING';

/** Realistic ~200-byte NDJSON rows, repeated up to `targetBytes`. */
export function buildBody(targetBytes: number, firstId = 0): { body: Buffer; rows: number } {
  const lines: string[] = [];
  let size = 0;
  for (let id = firstId; ; id++) {
    const line = `${JSON.stringify(makeRow(id))}\n`;
    if (size + line.length > targetBytes) break;
    lines.push(line);
    size += line.length;
  }
  return { body: Buffer.from(lines.join('')), rows: lines.length };
}

async function call(
  emu: EmulatorProcess,
  method: 'PUT' | 'POST',
  path: string,
  body: Buffer | string,
  contentType: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${emu.url}${path}`, {
    method,
    body,
    headers: {
      authorization: `Bearer ${emu.scopedToken}`,
      accept: 'application/json',
      'content-type': contentType,
    },
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

/** Streams `body` on `channels` channels until `untilMs` or `maxRows`; returns bytes and rows accepted. */
async function stream(
  emu: EmulatorProcess,
  channels: number,
  body: Buffer,
  rowsPerBody: number,
  untilMs: number,
  maxRows = Infinity,
): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  let rows = 0;
  await Promise.all(
    Array.from({ length: channels }, async (_, c) => {
      const name = `bench-${c}-${Date.now()}`;
      const opened = await call(emu, 'PUT', `${PIPE}/channels/${name}`, '{}', 'application/json');
      let token = String(opened.json.next_continuation_token);
      let seq = 0;
      while (Date.now() < untilMs && rows < maxRows) {
        seq++;
        const r = await call(
          emu,
          'POST',
          `${ROWS_PIPE}/channels/${name}/rows?continuationToken=${token}&endOffsetToken=${seq}`,
          body,
          'application/x-ndjson',
        );
        if (r.status !== 200)
          throw new Error(`append failed: ${r.status} ${JSON.stringify(r.json)}`);
        token = String(r.json.next_continuation_token);
        bytes += body.length;
        rows += rowsPerBody;
      }
    }),
  );
  return { bytes, rows };
}

async function throughputScenario(
  flags: string[],
  bodyBytes: number,
  channels: number,
  measureMs: number,
  rounds: number,
): Promise<{ mbPerS: number[]; rowsPerS: number; rowBytes: number }> {
  const emu = await startEmulatorProcess(flags);
  try {
    const { body, rows } = buildBody(bodyBytes);
    await stream(emu, channels, body, rows, Date.now() + 300); // warm-up
    const mbPerS: number[] = [];
    let rowsPerS = 0;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const r = await stream(emu, channels, body, rows, Date.now() + measureMs);
      const s = (performance.now() - t0) / 1000;
      mbPerS.push(r.bytes / s / 1e6);
      rowsPerS += r.rows / s / rounds;
    }
    return { mbPerS: mbPerS.sort((x, y) => x - y), rowsPerS, rowBytes: body.length / rows };
  } finally {
    await emu.stop();
  }
}

const median = (sorted: number[]): number => sorted[Math.floor(sorted.length / 2)]!;

/**
 * Append throughput of the emulator on loopback (emulator in its own process, undici client,
 * several channels), with fast and full validation, plus RSS before/after streaming 10M rows.
 */
export async function appendThroughput(
  options: AppendThroughputOptions = {},
): Promise<BenchResult[]> {
  const measureMs = options.measureMs ?? 1000;
  const rounds = options.rounds ?? 5;
  const channels = options.channels ?? 4;
  const memoryRows = options.memoryRows ?? 10_000_000;
  const MiB = 1024 * 1024;
  const results: BenchResult[] = [];
  const scenarios: Array<{ name: string; flags: string[]; bodyBytes: number; goal?: number }> = [
    {
      name: 'emulator.append.fast.4MiB',
      flags: ['--validation', 'fast'],
      bodyBytes: 4 * MiB - 1024,
      goal: 150,
    },
    {
      name: 'emulator.append.fast.1MiB',
      flags: ['--validation', 'fast'],
      bodyBytes: MiB,
      goal: 150,
    },
    {
      name: 'emulator.append.fast+keys.4MiB',
      flags: ['--validation', 'fast', '--row-key-field', 'id'],
      bodyBytes: 4 * MiB - 1024,
    },
    {
      name: 'emulator.append.full.4MiB',
      flags: ['--validation', 'full'],
      bodyBytes: 4 * MiB - 1024,
    },
    { name: 'emulator.append.full.1MiB', flags: ['--validation', 'full'], bodyBytes: MiB },
  ];
  for (const sc of scenarios) {
    const r = await throughputScenario(sc.flags, sc.bodyBytes, channels, measureMs, rounds);
    const value = median(r.mbPerS);
    results.push({
      name: sc.name,
      value,
      unit: 'MB/s',
      ...(sc.goal !== undefined
        ? { goal: `>= ${sc.goal} MB/s NDJSON accepted`, pass: value >= sc.goal }
        : {}),
      notes: `median of ${rounds} x ${measureMs} ms (min ${r.mbPerS[0]!.toFixed(0)}, max ${r.mbPerS.at(-1)!.toFixed(0)} MB/s), ${channels} channels, ${Math.round(r.rowsPerS).toLocaleString('en-US')} rows/s, ~${Math.round(r.rowBytes)} B/row`,
    });
  }
  const emu = await startEmulatorProcess(['--validation', 'fast']);
  try {
    const { body, rows } = buildBody(4 * MiB - 1024);
    // Warm up to a steady state (socket buffers, pools) before the baseline.
    await stream(
      emu,
      channels,
      body,
      rows,
      Number.POSITIVE_INFINITY,
      Math.min(500_000, memoryRows / 10),
    );
    const before = await emu.memory();
    const t0 = performance.now();
    const r = await stream(emu, channels, body, rows, Number.POSITIVE_INFINITY, memoryRows);
    const s = (performance.now() - t0) / 1000;
    const after = await emu.memory();
    const rssDelta = (after.rssBytes - before.rssBytes) / 1e6;
    const heapDelta = (after.heapUsedBytes - before.heapUsedBytes) / 1e6;
    const detail = `${r.rows.toLocaleString('en-US')} rows in ${s.toFixed(1)} s (${(r.bytes / s / 1e6).toFixed(0)} MB/s, fast); RSS ${(before.rssBytes / 1e6).toFixed(0)} -> ${(after.rssBytes / 1e6).toFixed(0)} MB, heap after GC ${(before.heapUsedBytes / 1e6).toFixed(1)} -> ${(after.heapUsedBytes / 1e6).toFixed(1)} MB`;
    results.push({
      name: 'emulator.memory.10M-rows.rss-delta',
      value: rssDelta,
      unit: 'MB',
      goal: 'flat: < 50 MB RSS growth (retention off)',
      pass: rssDelta < 50,
      notes: detail,
    });
    results.push({
      name: 'emulator.memory.10M-rows.heap-delta',
      value: heapDelta,
      unit: 'MB',
      goal: 'flat: < 5 MB heap growth after GC',
      pass: heapDelta < 5,
      notes: detail,
    });
  } finally {
    await emu.stop();
  }
  return results;
}
