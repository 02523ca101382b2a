import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRetryBudget, DEFAULT_RETRY_BUDGET } from './retry-budget.js';

describe('createRetryBudget', () => {
  it('starts full with the documented defaults', () => {
    expect(DEFAULT_RETRY_BUDGET).toEqual({ maxTokens: 10, tokenRatio: 0.1 });
    const budget = createRetryBudget();
    expect(budget.tokens()).toBe(10);
    expect(budget.tryAcquireRetry()).toBe(true);
  });

  it('drains with failures: retries stop at or below half, tokens floor at 0', () => {
    const budget = createRetryBudget();
    const allowed: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      budget.recordFailure();
      allowed.push(budget.tryAcquireRetry());
    }
    // 9, 8, 7, 6 tokens allow; 5 (= half) and below do not.
    expect(allowed).toEqual([true, true, true, true, ...Array<boolean>(8).fill(false)]);
    expect(budget.tokens()).toBe(0);
  });

  it('refills by tokenRatio per success, exactly, capped at maxTokens', () => {
    const budget = createRetryBudget();
    for (let i = 0; i < 5; i++) budget.recordFailure();
    expect(budget.tryAcquireRetry()).toBe(false);
    budget.recordSuccess();
    expect(budget.tokens()).toBe(5.1);
    expect(budget.tryAcquireRetry()).toBe(true);
    for (let i = 0; i < 1000; i++) budget.recordSuccess();
    expect(budget.tokens()).toBe(10);
  });

  it('validates options, naming them', () => {
    expect(() => createRetryBudget({ maxTokens: 0 })).toThrow(/"maxTokens".*got 0/);
    expect(() => createRetryBudget({ maxTokens: Infinity })).toThrow(RangeError);
    expect(() => createRetryBudget({ tokenRatio: -1 })).toThrow(/"tokenRatio".*got -1/);
    expect(() => createRetryBudget({ maxTokens: 2, tokenRatio: 3 })).toThrow(/<= maxTokens/);
    expect(() => createRetryBudget({ tokenRatio: Number.NaN })).toThrow(RangeError);
    expect(() => createRetryBudget({ maxTokens: '5' as unknown as number })).toThrow(TypeError);
  });

  it('property: tokens never go negative nor above maxTokens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.array(fc.boolean(), { maxLength: 300 }),
        (maxTokens, ratio, events) => {
          const budget = createRetryBudget({ maxTokens, tokenRatio: ratio });
          for (const success of events) {
            if (success) budget.recordSuccess();
            else budget.recordFailure();
            expect(budget.tokens()).toBeGreaterThanOrEqual(0);
            expect(budget.tokens()).toBeLessThanOrEqual(maxTokens);
            expect(budget.tryAcquireRetry()).toBe(budget.tokens() > maxTokens / 2);
          }
        },
      ),
    );
  });
});
