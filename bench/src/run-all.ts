// `pnpm bench`: every benchmark, reduced-but-meaningful sizes, in one process tree (~3 min on
// 2 cores). Writes bench/results/latest.json and latest.md and prints the Markdown table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchHundredChannels } from './e2e/hundred-channels.js';
import { benchTenMillionRows } from './e2e/ten-million-rows.js';
import { appendThroughput } from './emulator/append-throughput.js';
import { aggregateRuns } from './lib/aggregate.js';
import { machineInfo } from './lib/machine.js';
import { reportToMarkdown } from './lib/report.js';
import type { BenchReport, ReportRow } from './lib/report.js';
import type { BenchResult } from './lib/result.js';
import { benchNdjsonEncoding } from './ndjson/encoding.js';
import { benchValueEncoding } from './ndjson/value-encoding.js';
import { benchRetryOverhead } from './retry/retry-overhead.js';
import { benchTelemetryOverhead } from './telemetry/overhead.js';
import { benchCoalescedRefresh } from './token-guard/coalesced-refresh.js';
import { benchEnsureFreshFastPath } from './token-guard/fast-path.js';
import { benchKeyPairSigning } from './token-guard/signing.js';
import { transportThroughput } from './transport/transport-throughput.js';

interface Section {
  area: string;
  /** Runs of the benchmark merged with `aggregateRuns` (1 = its own internal rounds only). */
  runs: number;
  run(): Promise<BenchResult[]>;
}

const quick = process.env.BENCH_QUICK === '1';
const q = <T>(full: T, small: T): T => (quick ? small : full);
const memoryRows = Number(process.env.MEMORY_ROWS ?? q(2_000_000, 300_000));

const SECTIONS: Section[] = [
  {
    area: 'retry',
    runs: 3,
    run: () => benchRetryOverhead({ iterations: q(30_000, 5000), rounds: q(7, 3) }),
  },
  {
    area: 'token-guard',
    runs: 3,
    run: () => benchEnsureFreshFastPath({ iterations: q(500_000, 100_000), rounds: 3 }),
  },
  { area: 'token-guard', runs: 1, run: () => benchCoalescedRefresh({ reps: q(3, 1) }) },
  { area: 'token-guard', runs: 1, run: () => benchKeyPairSigning({ signings: q(300, 50) }) },
  {
    area: 'transport',
    runs: 1,
    run: () => transportThroughput({ measureMs: q(100, 50), rounds: q(7, 1) }),
  },
  {
    area: 'emulator',
    runs: 1,
    run: () =>
      appendThroughput({
        measureMs: q(400, 200),
        rounds: q(3, 1),
        memoryRows: q(1_000_000, 200_000),
      }),
  },
  {
    area: 'ndjson',
    runs: 3,
    run: () => benchNdjsonEncoding({ rows: q(100_000, 20_000), rounds: 3, perRow: false }),
  },
  {
    area: 'ndjson',
    runs: 1,
    run: async () =>
      (await benchNdjsonEncoding({ rows: q(50_000, 10_000), rounds: 3, perRow: true })).filter(
        (r) => r.name.includes('appendRow-per-row'),
      ),
  },
  {
    area: 'ndjson',
    runs: 3,
    run: () => benchValueEncoding({ rows: q(50_000, 10_000), rounds: 3 }),
  },
  {
    area: 'e2e',
    runs: 1,
    run: () =>
      benchHundredChannels({
        goalRounds: q(41, 3),
        rounds: q(3, 1),
        warmups: q(3, 1),
        rowsPerChannel: q(2000, 500),
      }),
  },
  { area: 'e2e', runs: 1, run: () => benchTenMillionRows({ rows: memoryRows }) },
  {
    area: 'telemetry',
    runs: 1,
    run: () => benchTelemetryOverhead({ rounds: q(11, 2), rowsPerChannel: q(20_000, 4000) }),
  },
  {
    area: 'telemetry',
    runs: 1,
    run: () =>
      benchTelemetryOverhead({
        rounds: q(5, 2),
        rowsPerChannel: q(8000, 2000),
        batchBytes: 64 * 1024,
        withGoal: false,
      }),
  },
];

const only = process.env.BENCH_ONLY?.split(',');
const machine = machineInfo();
const started = performance.now();
const rows: ReportRow[] = [];
const errors: BenchReport['errors'] = [];
for (const section of SECTIONS) {
  if (only && !only.includes(section.area)) continue;
  const t0 = performance.now();
  try {
    const runs: BenchResult[][] = [];
    for (let i = 0; i < section.runs; i++) runs.push(await section.run());
    const merged = section.runs > 1 ? aggregateRuns(runs) : runs[0]!;
    for (const r of merged) rows.push({ ...r, area: section.area });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    errors.push({ area: section.area, message });
    console.error(`[bench] ${section.area} failed: ${message}`);
  }
  console.error(
    `[bench] ${section.area}: ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(1)})`,
  );
}
const report: BenchReport = {
  machine,
  loadAtEnd: Number(loadavg()[0]!.toFixed(2)),
  durationS: (performance.now() - started) / 1000,
  rows,
  errors,
};
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
mkdirSync(dir, { recursive: true });
const markdown = reportToMarkdown(report);
writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(dir, 'latest.md'), `# Benchmark results\n\n${markdown}`);
console.log(markdown);
if (errors.length > 0) process.exitCode = 1;
