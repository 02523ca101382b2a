import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulatorChild } from '../e2e/emulator-child.js';
import type { Sample } from '../e2e/paired-rounds.js';
import { benchKeys } from '../lib/bench-keys.js';
import type { BenchResult } from '../lib/result.js';
import { fmtRange, median, pairedRatios } from '../lib/stats.js';

/** Settings for {@link benchTelemetryOverhead}. */
export interface TelemetryOverheadOptions {
  /** Interleaved rounds per side (after three warm-up rounds each). @default 7 */
  rounds?: number;
  /** @default 10 */
  channels?: number;
  /** @default 5000 */
  rowsPerChannel?: number;
  /** The client's `maxBatchBytes` (smaller bodies: more requests, so more spans per row). @default 4194304 (the client default) */
  batchBytes?: number;
  /** Judge against the 0.95× goal (false: informational, e.g. a small-body stress cell). @default true */
  withGoal?: boolean;
}

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'overhead-worker.js');

interface Worker {
  round(): Promise<Sample & { requests: number; bytes: number }>;
  stop(): Promise<number>;
}

function startWorker(mode: 'on' | 'off', env: Record<string, string>): Promise<Worker> {
  const child: ChildProcess = fork(WORKER, [mode], { env: { ...process.env, ...env } });
  let waiting: { resolve(m: Record<string, number>): void; reject(e: Error): void } | undefined;
  child.on('message', (m) => waiting?.resolve(m as Record<string, number>));
  child.once('exit', (code) => waiting?.reject(new Error(`telemetry worker exited with ${code}`)));
  const next = (): Promise<Record<string, number>> =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  return next().then(() => ({
    async round() {
      const reply = next();
      child.send({ cmd: 'round' });
      return (await reply) as unknown as Sample & { requests: number; bytes: number };
    },
    async stop() {
      const reply = next();
      child.send({ cmd: 'stop' });
      return (await reply).spans ?? 0;
    },
  }));
}

/**
 * End-to-end throughput with telemetry on (the real OpenTelemetry SDK with dropping exporters,
 * batch span processor, metric reader, async-local-storage context manager) vs off (noop), each
 * side in its own process against one emulator, rounds alternating. Goal ≥ 0.95×.
 */
export async function benchTelemetryOverhead(
  options: TelemetryOverheadOptions = {},
): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 7;
  const channels = options.channels ?? 10;
  const rowsPerChannel = options.rowsPerChannel ?? 5000;
  const batchBytes = options.batchBytes ?? 4 * 1024 * 1024;
  const withGoal = options.withGoal ?? true;
  const cellName =
    batchBytes >= 1024 * 1024 ? `${batchBytes / 1048576}MiB` : `${batchBytes / 1024}KiB`;
  const emulator = await startEmulatorChild(benchKeys(), ['--validation', 'fast']);
  const env = {
    EMULATOR_URL: emulator.url,
    CHANNELS: String(channels),
    ROWS_PER_CHANNEL: String(rowsPerChannel),
    BATCH_BYTES: String(batchBytes),
  };
  const workers: Worker[] = [];
  try {
    workers.push(await startWorker('off', env), await startWorker('on', env));
    const [off, on] = workers as [Worker, Worker];
    // Warm-up: JIT, sockets and the client's buffer pool reach their steady state.
    for (let w = 0; w < 3; w++) {
      await off.round();
      await on.round();
    }
    const offS: Array<Sample & { requests: number; bytes: number }> = [];
    const onS: Array<Sample & { requests: number; bytes: number }> = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2) {
        onS.push(await on.round());
        offS.push(await off.round());
      } else {
        offS.push(await off.round());
        onS.push(await on.round());
      }
    }
    const rowsPerRound = channels * rowsPerChannel;
    const rate = (xs: Sample[]): number[] => xs.map((s) => rowsPerRound / (s.wallMs / 1000));
    const ratios = pairedRatios(rate(onS), rate(offS));
    const cpuRatios = pairedRatios(
      offS.map((s) => s.cpuUs),
      onS.map((s) => s.cpuUs),
    );
    const spans = await on.stop();
    await off.stop();
    workers.length = 0;
    const shape = `${channels} channels x ${rowsPerChannel.toLocaleString('en-US')} rows/round, maxBatchBytes ${batchBytes / 1024} KiB (~${median(onS.map((s) => s.requests))} requests/round of ~${Math.round(median(onS.map((s) => s.bytes / Math.max(1, s.requests))) / 1024)} KiB: the client sizes batches to its buffer budget's share per channel), undici, compression none, each side in its own process, emulator (fast) in a third; ${spans.toLocaleString('en-US')} spans exported (dropped)`;
    const verdict = (ratio: number): Partial<BenchResult> =>
      withGoal ? { goal: '>= 0.95x telemetry off', pass: ratio >= 0.95 } : {};
    return [
      {
        name: `telemetry.e2e.${cellName}.rows-per-s.on-vs-off`,
        value: median(rate(onS)),
        unit: 'rows/s',
        peer: 'telemetry off (noop)',
        peerValue: median(rate(offS)),
        ratio: median(ratios),
        ...verdict(median(ratios)),
        notes: `${withGoal ? '' : 'informational stress cell (many small requests); '}${shape}; wall time, median of ${rounds} alternating rounds, paired ratios ${fmtRange(ratios)}`,
      },
      {
        name: `telemetry.e2e.${cellName}.cpu-efficiency.on-vs-off`,
        value: median(onS.map((s) => s.cpuUs / rowsPerRound)),
        unit: 'cpu-us/row',
        peer: 'telemetry off (noop)',
        peerValue: median(offS.map((s) => s.cpuUs / rowsPerRound)),
        ratio: median(cpuRatios),
        ...verdict(median(cpuRatios)),
        notes: `client-process CPU per row, ratio = off/on (steadier than wall time on a busy machine); paired ratios ${fmtRange(cpuRatios)}`,
      },
    ];
  } finally {
    for (const w of workers) await w.stop().catch(() => 0);
    await emulator.stop();
  }
}
