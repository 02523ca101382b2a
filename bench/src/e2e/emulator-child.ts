import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { BenchKeys } from '../lib/bench-keys.js';

/** The `snowpipe-emulator` CLI running in a child process (its CPU and memory are not ours). */
export interface EmulatorChild {
  readonly url: string;
  /** Ledger totals from `/_emulator/ledger`. */
  totals(): Promise<{ rowsReceived: number; rowsCommitted: number; requests: number }>;
  stop(): Promise<void>;
}

const BIN = join(
  dirname(fileURLToPath(import.meta.resolve('@snowpipe/emulator'))),
  'bin',
  'snowpipe-emulator.js',
);

/** Starts the emulator CLI with `keys`' public key registered plus extra flags (e.g. `--validation fast`). */
export async function startEmulatorChild(
  keys: BenchKeys,
  flags: readonly string[] = ['--validation', 'fast'],
): Promise<EmulatorChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--port', '0', '--public-key', keys.publicKeyFile, ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // keep draining its log without holding it
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${String(code)}: ${out}`)));
  });
  // Never leave an emulator behind if this process dies first.
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  return {
    url,
    async totals() {
      const res = await request(`${url}/_emulator/ledger`);
      const json = (await res.body.json()) as {
        totals: { rowsReceived: number; rowsCommitted: number; requests: number };
      };
      return json.totals;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', reap);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
