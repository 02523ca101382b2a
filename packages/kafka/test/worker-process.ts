import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'broker/sink-worker.ts');

export interface WorkerProcess {
  readonly id: string;
  readonly proc: ChildProcess;
  /** Everything it printed. */
  output(): string;
  /** Resolves once it printed `ready`. */
  ready: Promise<void>;
  /** SIGTERM and wait for exit (graceful stop); resolves with the exit code. */
  terminate(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/** Spawns one sink worker (a real process) with `env`. */
export function spawnWorker(id: string, env: Record<string, string>): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, ...env, WORKER_ID: id },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const ready = new Promise<void>((ok, fail) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) ok();
    });
    proc.stderr?.on('data', (d: Buffer) => void (out += d.toString()));
    void exited.then((code) =>
      fail(new Error(`worker ${id} exited with ${code} before ready:\n${out}`)),
    );
  });
  ready.catch(() => undefined);
  return {
    id,
    proc,
    output: () => out,
    ready,
    async terminate() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
