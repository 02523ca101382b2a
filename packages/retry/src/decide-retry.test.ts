import { constantRandom } from '@snowpipe/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classification } from './classification.js';
import { decideRetry } from './decide-retry.js';
import type { RetryState } from './decide-retry.js';
import { createRetryPlan } from './retry-plan.js';

const plan = createRetryPlan({ jitter: 'none', maxElapsedMs: 2000, maxRetryAfterMs: 10_000 });
const state = (over: Partial<RetryState> = {}): RetryState => ({
  attempt: 1,
  elapsedMs: 0,
  untilDeadlineMs: Infinity,
  previousDelayMs: undefined,
  ...over,
});
const retryable: Classification = { type: 'retryable', errorKind: 'server', status: 500 };
const one = constantRandom(1);

describe('decideRetry', () => {
  const table: Array<[string, RetryState, Classification, ReturnType<typeof decideRetry>]> = [
    ['backoff', state(), retryable, { type: 'retry', delayMs: 200, delaySource: 'backoff' }],
    [
      '2nd retry',
      state({ attempt: 2 }),
      retryable,
      { type: 'retry', delayMs: 360, delaySource: 'backoff' },
    ],
    ['aborted', state(), { type: 'aborted' }, { type: 'give_up', reason: 'aborted' }],
    [
      'not retryable',
      state(),
      { type: 'not_retryable', errorKind: 'client', status: 400 },
      { type: 'give_up', reason: 'not_retryable' },
    ],
    [
      'last attempt',
      state({ attempt: 4 }),
      retryable,
      { type: 'give_up', reason: 'attempts_exhausted' },
    ],
    [
      'hint replaces backoff',
      state(),
      { ...retryable, retryAfterMs: 1234 },
      { type: 'retry', delayMs: 1234, delaySource: 'retry_after' },
    ],
    [
      'hint of 0',
      state(),
      { ...retryable, retryAfterMs: 0 },
      { type: 'retry', delayMs: 0, delaySource: 'retry_after' },
    ],
    [
      'hint capped at maxRetryAfterMs, then past maxElapsed',
      state(),
      { ...retryable, retryAfterMs: 99_999 },
      { type: 'give_up', reason: 'deadline' },
    ],
    [
      'delay would pass maxElapsedMs',
      state({ elapsedMs: 1800 }),
      retryable,
      { type: 'give_up', reason: 'deadline' },
    ],
    [
      'delay just fits maxElapsedMs',
      state({ elapsedMs: 1799 }),
      retryable,
      { type: 'retry', delayMs: 200, delaySource: 'backoff' },
    ],
    [
      'delay would reach the deadline',
      state({ untilDeadlineMs: 200 }),
      retryable,
      { type: 'give_up', reason: 'deadline' },
    ],
    [
      'deadline already passed',
      state({ untilDeadlineMs: -5 }),
      retryable,
      { type: 'give_up', reason: 'deadline' },
    ],
  ];
  it.each(table)('%s', (_label, s, classification, expected) => {
    expect(decideRetry(plan, s, classification, one)).toEqual(expected);
  });

  it('caps a hint at maxRetryAfterMs', () => {
    const roomy = createRetryPlan({ maxElapsedMs: Infinity, maxRetryAfterMs: 3000 });
    expect(decideRetry(roomy, state(), { ...retryable, retryAfterMs: 9000 }, one)).toEqual({
      type: 'retry',
      delayMs: 3000,
      delaySource: 'retry_after',
    });
  });

  it('property: a retry delay is within [0, max(maxDelayMs, hint cap)] and fits every budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: -1000, max: 40_000 }),
        fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, elapsedMs, untilDeadlineMs, hint, r) => {
          const p = createRetryPlan({ maxAttempts: 6, jitter: 'decorrelated' });
          const c: Classification =
            hint === undefined ? retryable : { ...retryable, retryAfterMs: hint };
          const d = decideRetry(
            p,
            state({ attempt, elapsedMs, untilDeadlineMs, previousDelayMs: 1000 }),
            c,
            constantRandom(r),
          );
          if (d.type === 'give_up') return;
          expect(attempt).toBeLessThan(p.maxAttempts);
          expect(d.delayMs).toBeGreaterThanOrEqual(0);
          const cap = d.delaySource === 'retry_after' ? p.maxRetryAfterMs : p.maxDelayMs;
          expect(d.delayMs).toBeLessThanOrEqual(cap);
          expect(elapsedMs + d.delayMs).toBeLessThan(p.maxElapsedMs);
          expect(d.delayMs).toBeLessThan(untilDeadlineMs);
        },
      ),
    );
  });
});
