// Runs a producer child process against the emulator, sends it SIGTERM mid-stream, and checks
// that its graceful shutdown committed every row it appended and said so.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@snowpipe/emulator';
import { runProducer } from './producer.js';

interface Report {
  clean: boolean;
  lastAppendedOffset: number;
  channels: Record<string, { code?: string; message?: string }>;
}

/** One run: SIGTERM after 2,000 rows; the producer gets `graceMs` to commit. */
async function scenario(graceMs: number, commitDelayMs: number): Promise<boolean> {
  const emulator = await startEmulator({ rowKeyField: 'id', seed: 3, commitDelayMs });
  try {
    const { env } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--producer'], {
      env: { ...process.env, ...env, SHUTDOWN_GRACE_MS: String(graceMs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 60_000); // bound the run
    let report: Report | undefined;
    let signalled = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^appended (\d+)$/.exec(line);
      if (m && Number(m[1]) >= 2000 && !signalled) {
        signalled = true;
        console.log(`parent: SIGTERM after ${m[1]} rows appended`);
        child.kill('SIGTERM');
      } else if (line.startsWith('report ')) {
        console.log(`producer ${line}`);
        report = JSON.parse(line.slice('report '.length)) as Report;
      }
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c) => resolve(c));
    });
    clearTimeout(killTimer);
    const ledger = emulator.ledger.channel('DEMO_DB', 'PUBLIC', 'EVENTS-STREAMING', 'events-0');
    console.log(
      `ledger: ${ledger?.rowsCommitted ?? 0} rows committed, committed offset token ${ledger?.committedOffsetToken ?? 'null'}`,
    );
    if (graceMs >= commitDelayMs * 10) {
      // Enough time: a clean exit, and the ledger holds every appended row.
      return (
        code === 0 &&
        report?.clean === true &&
        ledger !== undefined &&
        ledger.rowsCommitted === report.lastAppendedOffset + 1 &&
        ledger.committedOffsetToken === String(report.lastAppendedOffset)
      );
    }
    // Too little time: exit 1 and a report naming CLOSE_TIMEOUT and how far the commit got.
    const channel = report?.channels['events-0'];
    return (
      code === 1 &&
      report?.clean === false &&
      channel?.code === 'CLOSE_TIMEOUT' &&
      (channel.message ?? '').includes('rows committed') &&
      (ledger?.rowsCommitted ?? 0) < report.lastAppendedOffset + 1
    );
  } finally {
    await emulator.stop();
  }
}

async function parent(): Promise<void> {
  console.log('scenario 1: 25 s grace, commits take 200 ms');
  const clean = await scenario(25_000, 200);
  console.log('scenario 2: 50 ms grace, commits take 2 s');
  const timedOut = await scenario(50, 2000);
  if (clean && timedOut)
    console.log(
      'OK: clean shutdown committed everything; a short grace reported what was not committed',
    );
  else {
    console.error(
      `FAILED: scenario 1 ${clean ? 'ok' : 'failed'}, scenario 2 ${timedOut ? 'ok' : 'failed'}`,
    );
    process.exitCode = 1;
  }
}

if (process.argv.includes('--producer')) await runProducer();
else await parent();
