// Process-level: a producer appends 2,000 rows in one call that the client splits into requests;
// it is killed (SIGKILL) after some pieces committed and before the rest did. Every committed
// request must have moved the committed offset token to its own last row, so a second producer
// that resumes from the committed token sends no committed row again.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKeyPair } from '../chaos/test-key-pair.js';
import { realDelay } from '../chaos/clock/system-clock.js';

const PRODUCER = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'process',
  'split-producer.js',
);
const ROWS = 2000;

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function producer(env: Record<string, string>) {
  const child = spawn(process.execPath, [PRODUCER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

describe('a split append call killed between the commits of its pieces (process level)', () => {
  it('moves the committed token with every piece, so a resume resends nothing', async () => {
    const keys = createTestKeyPair();
    emulator = await startEmulator({
      publicKeys: [keys.publicKeyPem],
      rowKeyField: 'id',
      logger: { info: () => undefined, warn: () => undefined },
    });
    // Each append waits 150 ms before it is applied, so the kill lands between two pieces.
    const stall = emulator.faults.inject({ endpoint: 'append', kind: 'stall', stallMs: 150 });
    const env = {
      SPLIT_URL: emulator.url,
      SPLIT_PRIVATE_KEY: keys.privateKeyPem,
      SPLIT_ROWS: String(ROWS),
    };
    const ledger = () => emulator!.ledger.channel('DB', 'PUBLIC', 'P', 'SPLIT');
    const first = producer(env);
    // progress only: waits (up to 20 s of real time) for the first piece to commit
    for (let i = 0; i < 4000 && (ledger()?.rowsCommitted ?? 0) === 0; i++) await realDelay(5);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal, first.output()).toBe('SIGKILL');
    const atKill = ledger()!;
    expect(atKill.rowsCommitted).toBeGreaterThan(0);
    expect(atKill.rowsCommitted).toBeLessThan(ROWS);
    // The committed token names the last committed row (row n has token n).
    expect(atKill.committedOffsetToken).toBe(String(atKill.rowsCommitted - 1));

    emulator.faults.clear(stall);
    const second = producer(env);
    expect((await second.exited).code, second.output()).toBe(0);
    expect(ledger()).toMatchObject({
      rowsCommitted: ROWS,
      distinctKeys: ROWS,
      duplicateKeys: 0,
      committedOffsetToken: String(ROWS - 1),
    });
  }, 60_000);
});
