import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { committedRows, firstGap, ndjsonLines, runSnowpipe, startHarness } from './harness.js';
import type { CliHarness } from './harness.js';

const N = 1_000_000;

describe('snowpipe ingest, resumed after a crash (real process)', () => {
  let h: CliHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it(
    'SIGKILL mid-way, same command again: every one of 1,000,000 lines exactly once, in order',
    { timeout: 120_000 },
    async () => {
      h = await startHarness({ commitDelayMs: 20 });
      const file = join(h.dir, 'events.ndjson');
      writeFileSync(file, ndjsonLines(1, N));
      const args = [
        'ingest',
        file,
        ...h.target,
        '--channel',
        'BACKFILL',
        '--progress-interval',
        '0.05',
      ];
      const first = runSnowpipe(args);
      // Kill once some rows are committed and well before the end.
      await first.waitForStderr(/progress: [\d,]+ rows, .* ([1-9][\d,]{6,}) committed/);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      const before = committedRows(h, 'BACKFILL').length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(N);

      const second = runSnowpipe([...args, '--json']);
      expect(await second.exited).toBe(0);
      const summary = JSON.parse(second.stdout());
      expect(summary.outcome).toBe('complete');
      expect(summary.channels[0].resumedFrom).not.toBeNull();
      expect(summary.rows.appended).toBe(N - Number(summary.channels[0].resumedFrom));
      expect(summary.channels[0].committedToken).toBe(String(N));
      const ledger = h.emulator.ledger.channel('DB', 'PUBLIC', 'EVENTS-STREAMING', 'BACKFILL')!;
      expect(ledger).toMatchObject({ rowsCommitted: N, distinctKeys: N, duplicateKeys: 0 });
      expect(firstGap(committedRows(h, 'BACKFILL'), N)).toBeUndefined();
    },
  );

  it(
    'SIGINT: flushes, waits for commit, prints the summary and exits 130; the re-run completes',
    { timeout: 60_000 },
    async () => {
      h = await startHarness({ commitDelayMs: 10 });
      const file = join(h.dir, 'events.ndjson');
      writeFileSync(file, ndjsonLines(1, 300_000));
      const args = ['ingest', file, ...h.target, '--channel', 'INT', '--progress-interval', '0.05'];
      const first = runSnowpipe([...args, '--json']);
      await first.waitForStderr(/progress: [1-9][\d,]* rows/);
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(130);
      const summary = JSON.parse(first.stdout());
      expect(summary.outcome).toBe('interrupted');
      expect(summary.rows.uncommitted).toBe(0);
      expect(first.stderr()).toMatch(/interrupted: .* committed/);
      expect(first.stderr()).toMatch(/run the same command again/);
      const committed = committedRows(h, 'INT').length;
      expect(committed).toBe(summary.rows.committed);
      expect(committed).toBeLessThan(300_000);

      const second = runSnowpipe(args);
      expect(await second.exited).toBe(0);
      expect(firstGap(committedRows(h, 'INT'), 300_000)).toBeUndefined();
    },
  );

  it(
    'SIGINT with commits that do not arrive in time: names the uncommitted rows and exits 130',
    { timeout: 60_000 },
    async () => {
      h = await startHarness({ commitDelayMs: 60_000 });
      const file = join(h.dir, 'events.ndjson');
      writeFileSync(file, ndjsonLines(1, 200_000));
      const run = runSnowpipe([
        'ingest',
        file,
        ...h.target,
        '--channel',
        'SLOW',
        '--progress-interval',
        '0.05',
        '--commit-timeout',
        '0.5',
        '--json',
      ]);
      await run.waitForStderr(/progress: [1-9][\d,]* rows/);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      const summary = JSON.parse(run.stdout());
      expect(summary.outcome).toBe('interrupted');
      expect(summary.rows.committed).toBe(0);
      expect(summary.rows.uncommitted).toBe(summary.rows.appended);
      expect(summary.rows.uncommitted).toBeGreaterThan(0);
      expect(run.stderr()).toMatch(/NOT committed: [\d,]+ rows after the start through \d+/);
    },
  );
});
