import { describe, expect, it } from 'vitest';
import { chaosViolations, formatChaosReport } from './chaos-report.js';
import { runChaos } from './chaos-run.js';

const seed = Number(process.env.CHAOS_SEED ?? 20_260_101);

describe('chaos (in-suite, ~20k rows)', () => {
  it('commits every row exactly once through faults and a client restart', async () => {
    const report = await runChaos({ seed, rows: 20_000, channels: 20, deadlineMs: 30_000 });
    console.log(formatChaosReport(report), report.surfacedSamples);
    expect(
      chaosViolations(report, { maxHeapBytes: 256 * 1024 * 1024 }),
      formatChaosReport(report),
    ).toEqual([]);
  }, 40_000);
});
