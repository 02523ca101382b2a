// Chaos replays that show an open finding (RELIABILITY.md, "Findings"; the deterministic proof is
// src/regressions/emulator-commit-timer.test.ts): the emulator sometimes never commits a channel's
// last acknowledged batch, so the client waits for it until COMMIT_TIMEOUT (the application's
// resume then repairs it: no loss, no duplicate). It depends on timer interleaving, so it lives in
// the chaos config and replays the seeds where it was seen until one shows it.
import { describe, expect, it } from 'vitest';
import { formatChaosReport, runChaos } from '../src/index.js';

const SEEN = [
  { seed: 3, rows: 30_000, commitDelayMs: 20 },
  { seed: 24, rows: 20_000, commitDelayMs: 2 },
  { seed: 28, rows: 20_000, commitDelayMs: 2 },
  { seed: 20_260_101, rows: 20_000, commitDelayMs: 2 },
];

describe('finding: acknowledged rows that never commit', () => {
  it('no waitForCommit times out on the seeds where it was seen', async () => {
    for (const run of SEEN) {
      const report = await runChaos({ ...run, channels: 20, deadlineMs: 60_000 });
      const timeouts = report.surfacedSamples.filter((s) => s.includes('COMMIT_TIMEOUT'));
      expect(timeouts, formatChaosReport(report)).toEqual([]);
    }
  }, 200_000);
});
