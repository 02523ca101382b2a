// `snowpipe ingest` against hand-written programs, same run, same emulator (its own process,
// `--validation fast` so it is not the bottleneck), each contender a fresh process on a fresh
// channel, rounds interleaved. Inputs are generated into a temp dir and deleted afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRow } from '../lib/rows.js';

const NDJSON_BYTES = Number(process.env.BENCH_CLI_NDJSON_BYTES ?? 1024 ** 3);
const CSV_BYTES = Number(process.env.BENCH_CLI_CSV_BYTES ?? 64 * 1024 ** 2);
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(
  dirname(fileURLToPath(import.meta.resolve('@snowpipe/cli'))),
  '..',
  'bin',
  'snowpipe.js',
);
const EMULATOR = join(
  dirname(fileURLToPath(import.meta.resolve('@snowpipe/emulator'))),
  'bin',
  'snowpipe-emulator.js',
);

async function generate(path: string, targetBytes: number, csv: boolean): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let rows = 0;
  if (csv) {
    out.write('id,ts,user_id,event,amount,note\n');
    bytes += 33;
  }
  while (bytes < targetBytes) {
    const parts: string[] = [];
    for (let k = 0; k < 1000; k++, rows++) {
      const r = makeRow(rows) as Record<string, unknown> & { payload: { note: string } };
      parts.push(
        csv
          ? `${rows},${String(r.ts)},${String(r.user_id)},${String(r.event)},${String(r.amount)},"${r.payload.note}, ${rows}"\n`
          : `${JSON.stringify(r)}\n`,
      );
    }
    const text = parts.join('');
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return rows;
}

/** Runs `node ARGS` under `sh` so `times` reports the child's CPU time (user + system) too. */
function run(args: string[]): Promise<{ seconds: number; cpuSeconds: number }> {
  const start = performance.now();
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${quoted} >/dev/null && times`], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 1_800_000,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('exit', (code) => {
      const seconds = (performance.now() - start) / 1000;
      // `times` prints the shell's user/system times, then its children's: `0m1.23s 0m0.04s`.
      const m = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(stdout);
      if (code !== 0 || !m) return reject(new Error(`${args.join(' ')} exited ${code}: ${stdout}`));
      const cpuSeconds = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
      resolve({ seconds, cpuSeconds });
    });
  });
}

async function startEmulator(dir: string): Promise<{ profile: string; stop(): void }> {
  const profile = join(dir, 'profile.json');
  const child = spawn(
    process.execPath,
    [EMULATOR, '--port', '0', '--validation', 'fast', '--write-profile', profile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('public key(s) registered')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return { profile, stop: () => void child.kill('SIGTERM') };
}

interface Cell {
  name: string;
  rowsPerSecond: number[];
  /** Rows per CPU second of the contender's process (the emulator's CPU not included). */
  rowsPerCpuSecond: number[];
}

async function compare(
  label: string,
  rows: number,
  cli: (channel: string) => string[],
  hand: (channel: string) => string[],
): Promise<{ label: string; cli: Cell; hand: Cell }> {
  const a: Cell = { name: 'snowpipe ingest', rowsPerSecond: [], rowsPerCpuSecond: [] };
  const b: Cell = { name: 'hand-written', rowsPerSecond: [], rowsPerCpuSecond: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first so drift on a shared machine hits both.
    const order = round % 2 === 0 ? [a, b] : [b, a];
    for (const cell of order) {
      const channel = `${label}_${cell === a ? 'CLI' : 'HAND'}_${round}`.toUpperCase();
      const { seconds, cpuSeconds } = await run(cell === a ? cli(channel) : hand(channel));
      cell.rowsPerSecond.push(rows / seconds);
      cell.rowsPerCpuSecond.push(rows / cpuSeconds);
      process.stderr.write(
        `${label} ${cell.name} round ${round + 1}: ${Math.round(rows / seconds)} rows/s (${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU)\n`,
      );
    }
  }
  return { label, cli: a, hand: b };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'snowpipe-cli-bench-'));
try {
  const ndjson = join(dir, 'events.ndjson');
  const csv = join(dir, 'events.csv');
  const ndjsonRows = await generate(ndjson, NDJSON_BYTES, false);
  const csvRows = await generate(csv, CSV_BYTES, true);
  const emulator = await startEmulator(dir);
  const target = ['--profile', emulator.profile, '--table', 'BENCH.PUBLIC.EVENTS', '-q'];
  const results = [
    await compare(
      'ndjson',
      ndjsonRows,
      (c) => [CLI, 'ingest', ndjson, ...target, '--channel', c],
      (c) => [join(here, 'hand-ndjson.js'), ndjson, emulator.profile, c],
    ),
    await compare(
      'csv',
      csvRows,
      (c) => [CLI, 'ingest', csv, ...target, '--channel', c],
      (c) => [join(here, 'hand-csv.js'), csv, emulator.profile, c],
    ),
  ];
  emulator.stop();
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const lines = [
    `Load average at the end: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; ${ROUNDS} interleaved rounds, medians.`,
    '',
    '| input | rows | snowpipe ingest rows/s | hand-written rows/s | wall ratio | CLI rows per CPU s | hand rows per CPU s | CPU ratio | goal |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const nd = r.label === 'ndjson';
      const size = nd
        ? `${(NDJSON_BYTES / 1024 ** 3).toFixed(2)} GiB NDJSON vs appendEncodedRows`
        : `${(CSV_BYTES / 1024 ** 2).toFixed(0)} MiB CSV vs csv-parse + appendRows`;
      const c = median(r.cli.rowsPerSecond);
      const h = median(r.hand.rowsPerSecond);
      const cc = median(r.cli.rowsPerCpuSecond);
      const hc = median(r.hand.rowsPerCpuSecond);
      return `| ${size} | ${fmt(nd ? ndjsonRows : csvRows)} | ${fmt(c)} | ${fmt(h)} | ${(c / h).toFixed(2)}x | ${fmt(cc)} | ${fmt(hc)} | ${(cc / hc).toFixed(2)}x | ${nd ? '>= 0.9x' : 'reported'} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
