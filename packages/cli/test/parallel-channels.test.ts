import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ndjsonLines, runSnowpipe, startHarness } from './harness.js';
import type { CliHarness } from './harness.js';

const N = 400_000;

describe('snowpipe ingest --channels (real process)', { timeout: 120_000 }, () => {
  let h: CliHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('four channels own contiguous ranges: SIGKILL, re-run with the same N, every line once; another N is refused', async () => {
    h = await startHarness({ commitDelayMs: 20 });
    const file = join(h.dir, 'big.ndjson');
    writeFileSync(file, ndjsonLines(1, N));
    const args = [
      'ingest',
      file,
      ...h.target,
      '--channel',
      'PAR',
      '--channels',
      '4',
      '--progress-interval',
      '0.05',
    ];
    const first = runSnowpipe(args);
    await first.waitForStderr(/progress: .* ([1-9][\d,]{5,}) committed/);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const other = runSnowpipe([...args.slice(0, -4), '--channels', '2']);
    expect(await other.exited).toBe(4);
    expect(other.stderr()).toMatch(
      /channel PAR_1_OF_4 holds committed rows from a run with --channels 4/,
    );

    const second = runSnowpipe([...args, '--json']);
    expect(await second.exited).toBe(0);
    const summary = JSON.parse(second.stdout());
    expect(summary.channels.map((c: { channel: string }) => c.channel)).toEqual([
      'PAR_1_OF_4',
      'PAR_2_OF_4',
      'PAR_3_OF_4',
      'PAR_4_OF_4',
    ]);
    const ledgers = h.emulator.ledger.channels().filter((c) => c.channel.startsWith('PAR_'));
    expect(ledgers.reduce((n, c) => n + c.rowsCommitted, 0)).toBe(N);
    expect(ledgers.reduce((n, c) => n + c.duplicateKeys, 0)).toBe(0);
    // Each channel holds one contiguous run of lines, in order, and together they are 1..N.
    const all = ledgers
      .map((c) => (c.rows as Array<{ i: number }>).map((r) => r.i))
      .sort((a, b) => a[0]! - b[0]!);
    for (const rows of all) expect(rows.every((i, k) => i === rows[0]! + k)).toBe(true);
    expect(all.flat()).toEqual(Array.from({ length: N }, (_, k) => k + 1));
    // Status of the parallel channels shows each committed token at the end of its range.
    const status = runSnowpipe([
      'status',
      ...h.target,
      '--channel',
      'PAR',
      '--channels',
      '4',
      '--json',
    ]);
    expect(await status.exited).toBe(0);
    const tokens = JSON.parse(status.stdout()).map(
      (s: { latestCommittedOffsetToken: string }) => s.latestCommittedOffsetToken,
    );
    expect(tokens.at(-1)).toBe(String(N));
    expect(all.map((rows) => String(rows.at(-1)))).toEqual(tokens);
  });
});
