// `snowpipe ingest` against hand-written programs, same run, same emulator (its own process,
// `--validation fast` so it is not the bottleneck), each contender a fresh process on a fresh
// channel, rounds interleaved. Inputs are generated into a temp dir and deleted afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRow } from '../lib/rows.js';

const NDJSON_BYTES = Number(process.env.BENCH_CLI_NDJSON_BYTES ?? 1024 ** 3);
const CSV_BYTES = Number(process.env.BENCH_CLI_CSV_BYTES ?? 64 * 1024 ** 2);
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 2);
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

function run(args: string[]): Promise<{ seconds: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 1_800_000,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - start) / 1000, stdout })
        : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
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
}

async function compare(
  label: string,
  rows: number,
  cli: (channel: string) => string[],
  hand: (channel: string) => string[],
): Promise<{ label: string; cli: Cell; hand: Cell }> {
  const a: Cell = { name: 'snowpipe ingest', rowsPerSecond: [] };
  const b: Cell = { name: 'hand-written', rowsPerSecond: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first so drift on a shared machine hits both.
    const order = round % 2 === 0 ? [a, b] : [b, a];
    for (const cell of order) {
      const channel = `${label}_${cell === a ? 'CLI' : 'HAND'}_${round}`.toUpperCase();
      const { seconds } = await run(cell === a ? cli(channel) : hand(channel));
      cell.rowsPerSecond.push(rows / seconds);
      process.stderr.write(
        `${label} ${cell.name} round ${round + 1}: ${Math.round(rows / seconds)} rows/s (${seconds.toFixed(1)} s)\n`,
      );
    }
  }
  return { label, cli: a, hand: b };
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

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
  const lines = [
    `| input | rows | snowpipe ingest rows/s (median of ${ROUNDS}) | hand-written rows/s | ratio (goal) |`,
    '| --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const c = median(r.cli.rowsPerSecond);
      const h = median(r.hand.rowsPerSecond);
      const size =
        r.label === 'ndjson'
          ? `${(NDJSON_BYTES / 1024 ** 3).toFixed(2)} GiB NDJSON, appendEncodedRows`
          : `${(CSV_BYTES / 1024 ** 2).toFixed(0)} MiB CSV, csv-parse + appendRows`;
      const rows = r.label === 'ndjson' ? ndjsonRows : csvRows;
      return `| ${size} | ${rows.toLocaleString('en-US')} | ${Math.round(c).toLocaleString('en-US')} | ${Math.round(h).toLocaleString('en-US')} | ${(c / h).toFixed(2)}x (${r.label === 'ndjson' ? '>= 0.9x' : 'reported'}) |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
