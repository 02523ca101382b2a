import { constantRandom, createSeededRandom } from '@snowpipe/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDelay } from './compute-delay.js';
import { createRetryPlan } from './retry-plan.js';
import type { JitterMode, RetryPlan } from './retry-plan.js';

/** The first `n` delays, feeding each back as the previous one (as the coordinator does). */
function sequence(plan: RetryPlan, random: () => number, n = 8): number[] {
  const out: number[] = [];
  let previous: number | undefined;
  for (let attempt = 1; attempt <= n; attempt++) {
    previous = computeDelay(plan, attempt, previous, random);
    out.push(Math.round(previous * 1000) / 1000);
  }
  return out;
}

const EXPONENTIAL = [200, 360, 648, 1166.4, 2099.52, 3779.136, 5000, 5000];

describe('computeDelay', () => {
  const table: Array<[JitterMode, string, () => number, number[]]> = [
    ['none', 'seeded', createSeededRandom(42), EXPONENTIAL],
    ['none', 'random=0', constantRandom(0), EXPONENTIAL],
    ['none', 'random=1', constantRandom(1), EXPONENTIAL],
    [
      'full',
      'seeded',
      createSeededRandom(42),
      [120.221, 161.385, 552.398, 781.178, 367.025, 1990.065, 1366.14, 3123.723],
    ],
    ['full', 'random=0', constantRandom(0), [0, 0, 0, 0, 0, 0, 0, 0]],
    // With random = 1, full jitter reaches exactly the cap-bounded exponential.
    ['full', 'random=1', constantRandom(1), EXPONENTIAL],
    [
      'decorrelated',
      'seeded',
      createSeededRandom(42),
      [440.442, 702.679, 1826.537, 3735.935, 2124.317, 3450.63, 2973.781, 5000],
    ],
    // random = 0: always the floor, initialDelayMs.
    ['decorrelated', 'random=0', constantRandom(0), [200, 200, 200, 200, 200, 200, 200, 200]],
    // random = 1: 3x the previous each time (first previous = initial), capped.
    [
      'decorrelated',
      'random=1',
      constantRandom(1),
      [600, 1800, 5000, 5000, 5000, 5000, 5000, 5000],
    ],
  ];
  it.each(table)('%s jitter, %s', (jitter, _label, random, expected) => {
    expect(sequence(createRetryPlan({ jitter }), random)).toEqual(expected);
  });

  it('uses initialDelayMs as the first previous delay for decorrelated jitter', () => {
    const plan = createRetryPlan({ jitter: 'decorrelated' });
    expect(computeDelay(plan, 1, 4000, constantRandom(1))).toBe(600);
    expect(computeDelay(plan, 2, undefined, constantRandom(1))).toBe(600);
  });

  it('clamps a random source outside [0, 1]', () => {
    const plan = createRetryPlan({ jitter: 'full' });
    expect(computeDelay(plan, 1, undefined, constantRandom(7))).toBe(200);
    expect(computeDelay(plan, 1, undefined, constantRandom(-3))).toBe(0);
    expect(computeDelay(plan, 1, undefined, constantRandom(Number.NaN))).toBe(0);
  });

  it('stays finite for huge attempt numbers and a zero initial delay', () => {
    expect(
      computeDelay(createRetryPlan({ jitter: 'none' }), 10_000, undefined, constantRandom(0.5)),
    ).toBe(5000);
    const zero = createRetryPlan({ jitter: 'none', initialDelayMs: 0, maxDelayMs: Infinity });
    expect(computeDelay(zero, 10_000, undefined, constantRandom(0.5))).toBe(0);
  });

  it('property: every delay lies in [0, maxDelayMs]', () => {
    fc.assert(
      fc.property(
        fc.record({
          initialDelayMs: fc.integer({ min: 0, max: 10_000 }),
          extraCapMs: fc.integer({ min: 0, max: 100_000 }),
          multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
          jitter: fc.constantFrom<JitterMode>('none', 'full', 'decorrelated'),
        }),
        fc.integer({ min: 1, max: 2000 }),
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (o, attempt, previous, r) => {
          const plan = createRetryPlan({
            initialDelayMs: o.initialDelayMs,
            maxDelayMs: o.initialDelayMs + o.extraCapMs,
            multiplier: o.multiplier,
            jitter: o.jitter,
          });
          const delay = computeDelay(plan, attempt, previous, constantRandom(r));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(plan.maxDelayMs);
          if (o.jitter === 'decorrelated') {
            expect(delay).toBeGreaterThanOrEqual(Math.min(plan.initialDelayMs, plan.maxDelayMs));
          }
        },
      ),
    );
  });
});
