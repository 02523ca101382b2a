import { describe, expect, it } from 'vitest';
import { chaosViolations, formatChaosReport, retryBound } from './chaos-report.js';
import type { ChaosReport } from './chaos-report.js';

const clean: ChaosReport = {
  seed: 3,
  transport: 'undici',
  restart: 'crash',
  rows: 100,
  channels: 2,
  rowsPerChannel: 50,
  batchRows: 10,
  durationMs: 10,
  eventsApplied: { http429: 1 },
  faultsFired: { http429: 1 },
  faultsFiredTotal: 1,
  revocations: 0,
  ledger: {
    expectedRows: 100,
    committedRows: 100,
    distinctKeys: 100,
    duplicates: 0,
    missing: 0,
    outOfOrderChannels: [],
    wrongTokenChannels: [],
    problems: [],
  },
  retries: 1,
  retryBound: retryBound(1, 0, 2, 4),
  recoveries: 0,
  rowsReplayed: 0,
  tokenRefreshes: 2,
  appResumes: 0,
  surfacedErrors: {},
  surfacedSamples: [],
  restartAtBatch: 5,
  resumedFrom: {},
  requests: 20,
  requestsByEndpoint: {},
  peakHeapBytes: 1_000,
  unhandledRejections: 0,
  unhandledSamples: [],
};

describe('chaosViolations', () => {
  it('accepts a clean run and names the seed in the summary', () => {
    expect(chaosViolations(clean, { maxHeapBytes: 2_000 })).toEqual([]);
    expect(formatChaosReport(clean)).toContain('CHAOS_SEED=3');
  });

  it('flags every broken guarantee', () => {
    const bad = {
      ...clean,
      retries: 99,
      peakHeapBytes: 5_000,
      unhandledRejections: 1,
      unhandledSamples: ['boom'],
      faultsFiredTotal: 0,
      ledger: { ...clean.ledger, duplicates: 2, missing: 1 },
    };
    const v = chaosViolations(bad, { maxHeapBytes: 2_000 }).join('\n');
    for (const text of [
      'duplicate',
      'missing',
      'unhandled',
      'retries exceed',
      'peak heap',
      'no fault fired',
    ])
      expect(v).toContain(text);
  });

  it('bounds retries by faults and revocations times the retries a plan allows', () => {
    expect(retryBound(10, 2, 20, 8)).toBe((10 + 2 * 24) * 7);
  });
});
