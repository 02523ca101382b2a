import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';

/** The committed bin shim (it imports the built dist). */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'snowpipe.js');

/** An emulator in this process plus a profile for the CLI. */
export interface CliHarness {
  emulator: Emulator;
  dir: string;
  profile: string;
  /** The target table flags. */
  target: string[];
  stop(): Promise<void>;
}

/** Starts an emulator that keys rows by `i` and keeps them, and writes a profile for it. */
export async function startHarness(options: EmulatorOptions = {}): Promise<CliHarness> {
  const emulator = await startEmulator({ rowKeyField: 'i', retainRows: 1_100_000, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'snowpipe-cli-test-'));
  const profile = join(dir, 'profile.json');
  await emulator.createCredentials().writeProfile(profile);
  return {
    emulator,
    dir,
    profile,
    target: ['--profile', profile, '--table', 'DB.PUBLIC.EVENTS'],
    stop: () => emulator.stop(),
  };
}

/** A running CLI process and what it printed. */
export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once it exits. */
  exited: Promise<number | string>;
  /** Resolves once stderr matches `pattern`. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Spawns `snowpipe ARGS`; killed with SIGKILL after `timeoutMs` so no test hangs. */
export function runSnowpipe(
  args: string[],
  options: {
    input?: Buffer | string;
    timeoutMs?: number;
    cwd?: string;
    env?: Record<string, string>;
  } = {},
): CliRun {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SNOWFLAKE_')),
  );
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
    // Bounds every run: a hung process is killed and the test fails on its exit.
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  let out = '';
  let err = '';
  const watchers: Array<{ pattern: RegExp; resolve(m: RegExpExecArray): void }> = [];
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (let i = watchers.length - 1; i >= 0; i--) {
      const m = watchers[i]!.pattern.exec(err);
      if (m) {
        watchers[i]!.resolve(m);
        watchers.splice(i, 1);
      }
    }
  });
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const m = pattern.exec(err);
        if (m) return resolve(m);
        watchers.push({ pattern, resolve });
        void exited.then(() =>
          reject(new Error(`exited before stderr matched ${String(pattern)}:\n${err}`)),
        );
      }),
  };
}

/** The rows the emulator committed on `channel` of the harness table. */
export function committedRows(h: CliHarness, channel: string): unknown[] {
  return h.emulator.ledger.channel('DB', 'PUBLIC', 'EVENTS-STREAMING', channel)?.rows ?? [];
}

/** `{"i":1}` … `{"i":n}` with a little padding, one per line. */
export function ndjsonLines(from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i <= to; i++) parts.push(`{"i":${i},"v":"row ${i}"}\n`);
  return parts.join('');
}

/** Checks `rows` are exactly `{i: 1..n}` in order; returns the first problem or undefined. */
export function firstGap(rows: unknown[], n: number): string | undefined {
  if (rows.length !== n) return `expected ${n} rows, got ${rows.length}`;
  for (let k = 0; k < n; k++) {
    const i = (rows[k] as { i?: unknown }).i;
    if (i !== k + 1) return `row ${k} has i=${String(i)}`;
  }
  return undefined;
}
