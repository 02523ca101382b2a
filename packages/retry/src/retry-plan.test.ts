import { describe, expect, it } from 'vitest';
import { createRetryPlan, DEFAULT_RETRY_PLAN } from './retry-plan.js';
import type { RetryPlanOptions } from './retry-plan.js';

describe('createRetryPlan', () => {
  it('fills in the documented defaults and freezes the result', () => {
    const plan = createRetryPlan();
    expect(plan).toEqual({
      maxAttempts: 4,
      initialDelayMs: 200,
      multiplier: 1.8,
      maxDelayMs: 5000,
      jitter: 'full',
      maxElapsedMs: 30_000,
      maxRetryAfterMs: 60_000,
    });
    expect(plan).toEqual(DEFAULT_RETRY_PLAN);
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_PLAN)).toBe(true);
    expect(() => {
      (plan as { maxAttempts: number }).maxAttempts = 9;
    }).toThrow(TypeError);
  });

  it('keeps given values, treats undefined as default and accepts a plan as options', () => {
    const plan = createRetryPlan({ maxAttempts: 7, jitter: 'none', maxDelayMs: undefined });
    expect(plan.maxAttempts).toBe(7);
    expect(plan.jitter).toBe('none');
    expect(plan.maxDelayMs).toBe(5000);
    expect(createRetryPlan(plan)).toEqual(plan);
  });

  it('accepts Infinity where it means "unbounded"', () => {
    const plan = createRetryPlan({
      maxAttempts: Infinity,
      maxDelayMs: Infinity,
      maxElapsedMs: Infinity,
      maxRetryAfterMs: Infinity,
    });
    expect(plan.maxAttempts).toBe(Infinity);
    expect(createRetryPlan({ initialDelayMs: 0, multiplier: 1 }).initialDelayMs).toBe(0);
  });

  const bad: Array<[RetryPlanOptions | Record<string, unknown>, ErrorConstructor, RegExp]> = [
    [{ maxAttempts: 0 }, RangeError, /"maxAttempts".*got 0/],
    [{ maxAttempts: -1 }, RangeError, /"maxAttempts".*got -1/],
    [{ maxAttempts: 2.5 }, RangeError, /"maxAttempts".*integer.*2\.5/],
    [{ maxAttempts: Number.NaN }, RangeError, /"maxAttempts".*NaN/],
    [{ maxAttempts: '3' }, TypeError, /"maxAttempts".*number.*"3"/],
    [{ initialDelayMs: -5 }, RangeError, /"initialDelayMs".*-5/],
    [{ initialDelayMs: Infinity }, RangeError, /"initialDelayMs".*Infinity/],
    [{ initialDelayMs: Number.NaN }, RangeError, /"initialDelayMs".*NaN/],
    [{ multiplier: 0.5 }, RangeError, /"multiplier".*0\.5/],
    [{ multiplier: Infinity }, RangeError, /"multiplier".*Infinity/],
    [{ maxDelayMs: -1 }, RangeError, /"maxDelayMs".*-1/],
    [{ maxDelayMs: 100 }, RangeError, /"maxDelayMs" \(100\).*"initialDelayMs" \(200\)/],
    [{ maxElapsedMs: -1 }, RangeError, /"maxElapsedMs".*-1/],
    [{ maxElapsedMs: Number.NaN }, RangeError, /"maxElapsedMs".*NaN/],
    [{ maxRetryAfterMs: -1 }, RangeError, /"maxRetryAfterMs".*-1/],
    [{ jitter: 'equal' }, TypeError, /"jitter".*"equal"/],
    [{ jitter: 1 }, TypeError, /"jitter".*1/],
    [{ maxAttempt: 3 }, TypeError, /unknown retry plan option "maxAttempt"/],
  ];
  it.each(bad)('rejects %o naming the option and value', (options, type, message) => {
    expect(() => createRetryPlan(options as RetryPlanOptions)).toThrow(type);
    expect(() => createRetryPlan(options as RetryPlanOptions)).toThrow(message);
  });

  it('rejects non-object options', () => {
    expect(() => createRetryPlan(null as unknown as RetryPlanOptions)).toThrow(TypeError);
    expect(() => createRetryPlan(5 as unknown as RetryPlanOptions)).toThrow(/must be an object/);
  });
});
