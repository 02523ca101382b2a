import { createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import * as retry from '../src/index.js';

describe('@snowpipe/retry public entry', () => {
  it('exports exactly the documented runtime names', () => {
    expect(Object.keys(retry).sort()).toEqual(
      [
        'AttemptTimeoutError',
        'DEFAULT_RETRY_BUDGET',
        'DEFAULT_RETRY_PLAN',
        'RetryError',
        'classifyHttpError',
        'computeDelay',
        'createRetryBudget',
        'createRetryCoordinator',
        'createRetryPlan',
        'decideRetry',
        'isAttemptTimeoutError',
        'isRetryError',
        'parseRetryAfter',
        'systemClock',
        'systemRandom',
      ].sort(),
    );
  });

  it('retries a flaky HTTP call end to end through the entry', async () => {
    const clock = createFakeClock();
    const seen: string[] = [];
    const coordinator = retry.createRetryCoordinator({
      clock,
      random: () => 0.5,
      budget: retry.createRetryBudget(),
      observer: { onRetry: (e) => seen.push(`${e.errorKind}:${e.delayMs}:${e.delaySource}`) },
    });
    let n = 0;
    const p = coordinator.executeWithOutcome('fetch', async () => {
      n++;
      if (n === 1)
        throw Object.assign(new Error('busy'), { status: 429, headers: { 'retry-after': '1' } });
      if (n === 2) throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
      return 'body';
    });
    await clock.runAll();
    const { value, outcome } = await p;
    expect(value).toBe('body');
    expect(outcome.attempts).toHaveLength(3);
    // Retry-After 1 s, then full jitter 0.5 x 200 x 1.8.
    expect(seen).toEqual(['throttling:1000:retry_after', 'network:180:backoff']);
  });
});
