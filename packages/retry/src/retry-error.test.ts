import { describe, expect, it } from 'vitest';
import { isRetryError, RetryError } from './retry-error.js';
import type { RetryOutcome } from './retry-outcome.js';

const outcome: RetryOutcome = {
  operation: 'append',
  succeeded: false,
  attempts: [
    {
      attempt: 1,
      startedAtMs: 0,
      durationMs: 5,
      errorKind: 'server',
      status: 503,
      decision: 'give_up',
    },
  ],
  totalElapsedMs: 5,
  reason: 'attempts_exhausted',
};

describe('RetryError', () => {
  it('carries code, outcome and cause; its message names no error text', () => {
    const cause = new Error('secret-token-xyz');
    const error = new RetryError('ATTEMPTS_EXHAUSTED', outcome, cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RetryError');
    expect(error.code).toBe('ATTEMPTS_EXHAUSTED');
    expect(error.outcome).toBe(outcome);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'append: gave up after 1 attempt(s), ATTEMPTS_EXHAUSTED; last error: server (status 503)',
    );
    expect(error.message).not.toContain('secret');
  });

  it('isRetryError recognises the brand, also on a copy from another package instance', () => {
    expect(isRetryError(new RetryError('DEADLINE_EXCEEDED', outcome, undefined))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@snowpipe/retry-error')]: true });
    expect(isRetryError(foreign)).toBe(true);
    expect(isRetryError(Object.assign(new Error('x'), { name: 'RetryError' }))).toBe(false);
    expect(isRetryError(null)).toBe(false);
    expect(isRetryError('RetryError')).toBe(false);
  });
});
