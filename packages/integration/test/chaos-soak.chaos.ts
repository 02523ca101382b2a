// The larger seeded soak: `pnpm test:chaos`. CHAOS_SEED and CHAOS_ROWS replay or resize it; a
// failing run's message names the seed. Each report is also written to .reports/ for RELIABILITY.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chaosViolations, formatChaosReport, runChaos } from '../src/index.js';
import type { ChaosReport } from '../src/index.js';

const seed = Number(process.env.CHAOS_SEED ?? 1);
const rows = Number(process.env.CHAOS_ROWS ?? 300_000);
const MAX_HEAP_BYTES = 512 * 1024 * 1024;

function save(name: string, report: ChaosReport | string[]): void {
  mkdirSync('.reports', { recursive: true });
  writeFileSync(`.reports/${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
}

describe('chaos soak', () => {
  it(`streams ${rows} rows over 32 channels (undici, first client crashes) exactly once, seed ${seed}`, async () => {
    const report = await runChaos({
      seed,
      rows,
      channels: 32,
      transport: 'undici',
      restart: 'crash',
      deadlineMs: 90_000,
    });
    save('chaos-soak-undici', report);
    console.log(formatChaosReport(report));
    expect(
      chaosViolations(report, { maxHeapBytes: MAX_HEAP_BYTES }),
      formatChaosReport(report),
    ).toEqual([]);
  }, 100_000);

  it(`streams ${Math.round(rows / 4)} rows over 20 channels (fetch, first client closed) exactly once, seed ${seed + 1}`, async () => {
    const report = await runChaos({
      seed: seed + 1,
      rows: Math.round(rows / 4),
      channels: 20,
      transport: 'fetch',
      restart: 'close',
      deadlineMs: 60_000,
    });
    save('chaos-soak-fetch', report);
    console.log(formatChaosReport(report));
    expect(
      chaosViolations(report, { maxHeapBytes: MAX_HEAP_BYTES }),
      formatChaosReport(report),
    ).toEqual([]);
  }, 70_000);
});

describe('chaos sweep', () => {
  const sweep = Number(process.env.CHAOS_SWEEP ?? 8);
  it(`${sweep} more seeds from ${seed + 10}, 30k rows each, alternating crash and close`, async () => {
    const summaries: string[] = [];
    for (let i = 0; i < sweep; i++) {
      const report = await runChaos({
        seed: seed + 10 + i,
        rows: 30_000,
        channels: 20,
        restart: i % 2 === 0 ? 'crash' : 'close',
        transport: i % 3 === 2 ? 'fetch' : 'undici',
        deadlineMs: 60_000,
      });
      summaries.push(formatChaosReport(report));
      expect(
        chaosViolations(report, { maxHeapBytes: MAX_HEAP_BYTES }),
        formatChaosReport(report),
      ).toEqual([]);
    }
    save('chaos-sweep', summaries);
    console.log(summaries.join('\n'));
  }, 400_000);
});
