import { constantRandom, createFakeClock, flushMicrotasks } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import type { AttemptContext } from './classification.js';
import { createRetryBudget } from './retry-budget.js';
import { createRetryCoordinator } from './retry-coordinator.js';
import type { RetryCoordinatorOptions } from './retry-coordinator-options.js';
import { isRetryError } from './retry-error.js';
import type { RetryError } from './retry-error.js';
import type { DecisionReason } from './retry-outcome.js';

const http = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { status });
const always503 = async (): Promise<never> => {
  throw http(503);
};

function setup(options: Omit<RetryCoordinatorOptions, 'clock'> = {}) {
  const clock = createFakeClock({ startMs: 5_000 });
  const giveUps: DecisionReason[] = [];
  const coordinator = createRetryCoordinator({
    plan: { jitter: 'none' },
    random: constantRandom(0.5),
    observer: { onGiveUp: (e) => giveUps.push(e.reason) },
    ...options,
    clock,
  });
  return { clock, coordinator, giveUps };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

async function retryError(p: Promise<unknown>): Promise<RetryError> {
  const e = await failure(p);
  if (!isRetryError(e)) throw new Error(`expected RetryError, got ${String(e)}`);
  return e;
}

describe('abort', () => {
  it('before start: rejects with the reason without calling fn', async () => {
    const { coordinator } = setup();
    const reason = new Error('cancelled');
    let called = false;
    const p = coordinator.execute('op', async () => (called = true), {
      signal: AbortSignal.abort(reason),
    });
    expect(await failure(p)).toBe(reason);
    expect(called).toBe(false);
  });

  it('during an attempt: fn gets the signal; rejects at once with the reason', async () => {
    const { coordinator, giveUps } = setup();
    const ac = new AbortController();
    let seen: AttemptContext | undefined;
    // This attempt ignores its signal and never settles: the coordinator must not wait for it.
    const p = coordinator.execute(
      'op',
      (ctx) => {
        seen = ctx;
        return new Promise<never>(() => {});
      },
      { signal: ac.signal },
    );
    await flushMicrotasks();
    expect(seen?.signal).toBe(ac.signal);
    const reason = new Error('user cancelled');
    ac.abort(reason);
    expect(await failure(p)).toBe(reason);
    expect(giveUps).toEqual(['aborted']);
  });

  it('during an attempt that honours the signal: rejects with the signal reason, not a RetryError', async () => {
    const { coordinator } = setup();
    const ac = new AbortController();
    const p = coordinator.execute(
      'op',
      ({ signal }) =>
        new Promise<never>((_, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('inner abort error')));
        }),
      { signal: ac.signal },
    );
    await flushMicrotasks();
    ac.abort('stop');
    expect(await failure(p)).toBe('stop');
  });

  it('during a backoff sleep: rejects at once, without advancing the clock', async () => {
    const { clock, coordinator, giveUps } = setup();
    const ac = new AbortController();
    let calls = 0;
    const p = coordinator.execute(
      'op',
      async () => {
        calls++;
        throw http(503);
      },
      { signal: ac.signal },
    );
    await flushMicrotasks();
    expect(clock.pendingSleeps()).toBe(1);
    const reason = new Error('shutdown');
    ac.abort(reason);
    expect(await failure(p)).toBe(reason);
    expect(clock.monotonicNow()).toBe(0);
    expect(clock.pendingSleeps()).toBe(0);
    expect(calls).toBe(1);
    expect(giveUps).toEqual(['aborted']);
  });

  it('a classifier saying "aborted" without a signal rethrows the original error', async () => {
    const { coordinator, giveUps } = setup();
    const abortError = new DOMException('inner', 'AbortError');
    const p = coordinator.execute('op', async () => {
      throw abortError;
    });
    expect(await failure(p)).toBe(abortError);
    expect(giveUps).toEqual(['aborted']);
  });
});

describe('deadline and maxElapsedMs', () => {
  it('a delay that would pass maxElapsedMs ends with DEADLINE_EXCEEDED instead of sleeping', async () => {
    const { clock, coordinator } = setup({ plan: { jitter: 'none', maxElapsedMs: 500 } });
    const p = coordinator.execute('op', always503);
    await clock.runAll();
    const error = await retryError(p);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.outcome.reason).toBe('deadline');
    // 200 fits; 200 + 360 would pass 500.
    expect(clock.sleepLog).toEqual([200]);
    expect(error.outcome.attempts).toHaveLength(2);
  });

  it('counts a slow first attempt on the fast path (no options) against maxElapsedMs', async () => {
    const { clock, coordinator } = setup({
      plan: { jitter: 'none', maxElapsedMs: 500 },
      observer: [],
    });
    let calls = 0;
    const p = coordinator.execute('op', async () => {
      calls++;
      await clock.sleep(400);
      throw http(503);
    });
    await clock.runAll();
    const error = await retryError(p);
    // 400 + 200 would pass 500: no retry.
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(calls).toBe(1);
    expect(error.outcome.attempts).toEqual([
      expect.objectContaining({ startedAtMs: 5_000, durationMs: 400, reason: 'deadline' }),
    ]);
  });

  it('counts the time attempts take against maxElapsedMs', async () => {
    const { clock, coordinator } = setup({ plan: { jitter: 'none', maxElapsedMs: 1000 } });
    const p = coordinator.execute('op', async () => {
      await clock.sleep(300);
      throw http(503);
    });
    await clock.runAll();
    const error = await retryError(p);
    // attempt 300 + sleep 200 + attempt 300 = 800; + 360 would pass 1000.
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.outcome.totalElapsedMs).toBe(800);
  });

  it('never sleeps past deadlineMs, and tells fn the time remaining', async () => {
    const { clock, coordinator } = setup();
    const remaining: number[] = [];
    const p = coordinator.execute(
      'op',
      async (ctx) => {
        remaining.push(ctx.remainingMs);
        throw http(503);
      },
      { deadlineMs: 5_000 + 700 },
    );
    await clock.runAll();
    const error = await retryError(p);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    // Backoffs: 200 < 700 and 360 < 500 fit; 648 >= 140 does not. Each attempt also runs under
    // a timer for the time left until the deadline (700, 500, 140), cancelled when it fails.
    expect(clock.sleepLog).toEqual([700, 200, 500, 360, 140]);
    expect(remaining).toEqual([700, 500, 140]);
  });

  it('a deadline already passed rejects without calling fn', async () => {
    const { coordinator, giveUps } = setup();
    let called = false;
    const error = await retryError(
      coordinator.execute('op', async () => (called = true), { deadlineMs: 5_000 }),
    );
    expect(called).toBe(false);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.outcome.attempts).toEqual([]);
    expect(giveUps).toEqual(['deadline']);
  });

  it('rejects a malformed deadline', async () => {
    const { coordinator } = setup();
    await expect(
      coordinator.execute('op', async () => 1, { deadlineMs: Number.NaN }),
    ).rejects.toThrow(/"deadlineMs"/);
  });
});

describe('retry budget', () => {
  it('stops retries with BUDGET_EXHAUSTED while drained, and allows them again after refill', async () => {
    const budget = createRetryBudget({ maxTokens: 4, tokenRatio: 1 });
    const { clock, coordinator } = setup({ budget, plan: { jitter: 'none', maxAttempts: 10 } });
    const p = coordinator.execute('op', always503);
    await clock.runAll();
    const error = await retryError(p);
    // 4 -> 3 (retry), 3 -> 2 (2 <= half: stop).
    expect(error.code).toBe('BUDGET_EXHAUSTED');
    expect(error.outcome.attempts).toHaveLength(2);
    expect(budget.tokens()).toBe(2);

    // Drained: the next call fails once and does not retry.
    let calls = 0;
    const q = coordinator.execute('op', async () => {
      if (++calls === 1) throw http(503);
      return 'ok';
    });
    expect((await retryError(q)).code).toBe('BUDGET_EXHAUSTED');
    expect(calls).toBe(1);
    expect(budget.tokens()).toBe(1);

    // Successes refill it; then a retry is allowed again.
    // (A failure is charged before the retry is checked, so 4 tokens are needed: 4 -> 3 > 2.)
    for (let i = 0; i < 3; i++) await coordinator.execute('op', async () => 'ok');
    expect(budget.tokens()).toBe(4);
    let n = 0;
    const r = coordinator.execute('op', async () => {
      if (++n === 1) throw http(503);
      return 'ok';
    });
    await clock.runAll();
    await expect(r).resolves.toBe('ok');
  });

  it('does not charge the budget for non-retryable errors', async () => {
    const budget = createRetryBudget({ maxTokens: 2 });
    const { coordinator } = setup({ budget });
    await failure(coordinator.execute('op', async () => Promise.reject(http(400))));
    expect(budget.tokens()).toBe(2);
  });
});
