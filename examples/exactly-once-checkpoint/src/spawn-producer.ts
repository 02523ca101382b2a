import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** How a producer process ended. */
export interface ProducerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  lastReported: number;
}

/**
 * Runs this example as a producer child process with `env` (the SNOWFLAKE_* variables). With
 * `killAfterRows`, sends SIGKILL as soon as the child reports that many rows appended.
 */
export function spawnProducer(options: {
  rows: number;
  env: Record<string, string>;
  killAfterRows?: number;
}): Promise<ProducerExit> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, '--producer', '--rows', String(options.rows)], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lastReported = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = /^appended (\d+)$/.exec(line);
    if (m) {
      lastReported = Number(m[1]);
      if (options.killAfterRows !== undefined && lastReported >= options.killAfterRows)
        child.kill('SIGKILL');
    } else {
      console.log(`  | ${line}`);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, lastReported }));
  });
}
