// Exactly-once with offset tokens, across a crash.
//
// The parent starts the emulator and runs a producer in a child process. The producer streams a
// numbered source (offset token = row number) while the emulator injects faults (connection
// resets after the server applied an append, a stale sequencer, 503s). Part-way through, the
// parent kills the producer with SIGKILL: a real crash, no cleanup. A second producer then opens
// the same channel, reads the committed offset token, resumes the source right after it, and
// finishes. The emulator's ledger must show every row committed exactly once.
//
//   node dist/main.js [--rows 100000]
import { parseArgs } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import { runProducer } from './producer.js';
import { spawnProducer } from './spawn-producer.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    producer: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 10)
  throw new RangeError(`--rows must be an integer >= 10, got ${values.rows}`);

if (values.producer) {
  // Child process: configuration comes from SNOWFLAKE_* variables, as in production.
  await runProducer(rows);
} else {
  const emulator = await startEmulator({ rowKeyField: 'id', seed: 7, commitDelayMs: 50 });
  try {
    const { env } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });
    // Faults for the first producer: ambiguous failures the client must survive by itself.
    emulator.faults.inject({ endpoint: 'append', kind: 'resetAfterApply', count: 2 });
    emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 2 });
    emulator.faults.inject({ endpoint: 'append', kind: 'invalidateChannel', count: 1 });

    const crashAt = Math.floor(rows * 0.4);
    console.log(`producer 1: streaming ${rows} rows; it will be killed after ~${crashAt}`);
    const first = await spawnProducer({ rows, env, killAfterRows: crashAt });
    console.log(
      `producer 1: killed (${first.signal}) after reporting ${first.lastReported} rows appended`,
    );

    console.log('producer 2: resuming from the committed offset token');
    const second = await spawnProducer({ rows, env });
    if (second.code !== 0) throw new Error(`producer 2 exited with ${second.code}`);

    const ledger = emulator.ledger.channel('DEMO_DB', 'PUBLIC', 'ORDERS-STREAMING', 'orders-0');
    const fired = emulator.faults.fired().map((f) => f.kind);
    console.log(`faults fired: ${fired.join(', ') || 'none'}`);
    console.log(
      `ledger: ${ledger?.rowsCommitted ?? 0} committed, ${ledger?.distinctKeys ?? 0} distinct ids, ` +
        `${ledger?.duplicateKeys ?? 0} duplicates, committed offset token ${ledger?.committedOffsetToken ?? 'null'}`,
    );
    const ok =
      ledger !== undefined &&
      ledger.rowsCommitted === rows &&
      ledger.distinctKeys === rows &&
      ledger.duplicateKeys === 0 &&
      ledger.committedOffsetToken === String(rows - 1);
    if (!ok) {
      console.error('FAILED: the ledger does not show every row exactly once');
      process.exitCode = 1;
    } else {
      console.log('OK: every row landed exactly once');
    }
  } finally {
    await emulator.stop();
  }
}
