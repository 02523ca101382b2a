import { constantRandom, createFakeClock, flushMicrotasks } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { attemptBound } from './attempt-guard.js';
import { isAttemptTimeoutError } from './attempt-timeout-error.js';
import { classifyHttpError } from './classify-http-error.js';
import { createRetryCoordinator } from './retry-coordinator.js';
import { isRetryError } from './retry-error.js';
import type { RetryError } from './retry-error.js';
import type { DecisionReason } from './retry-outcome.js';

function setup() {
  const clock = createFakeClock({ startMs: 10_000 });
  const giveUps: DecisionReason[] = [];
  const coordinator = createRetryCoordinator({
    plan: { jitter: 'none', maxAttempts: 3 },
    random: constantRandom(0.5),
    observer: { onGiveUp: (e) => giveUps.push(e.reason) },
    clock,
  });
  return { clock, coordinator, giveUps };
}

/** An attempt that never settles and ignores its signal (a black-holed request). */
const hang = (): Promise<never> => new Promise<never>(() => undefined);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('attemptTimeoutMs', () => {
  it('aborts a hung attempt after the timeout and retries; the next attempt succeeds', async () => {
    const { clock, coordinator } = setup();
    const signals: AbortSignal[] = [];
    let calls = 0;
    const p = coordinator.execute(
      'op',
      (ctx) => {
        signals.push(ctx.signal as AbortSignal);
        return ++calls === 1 ? hang() : Promise.resolve('ok');
      },
      { attemptTimeoutMs: 1_000 },
    );
    await clock.tick(999);
    expect(calls).toBe(1);
    expect(signals[0]?.aborted).toBe(false);
    await clock.tick(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(isAttemptTimeoutError(signals[0]?.reason)).toBe(true);
    await clock.tick(200); // the backoff
    await expect(p).resolves.toBe('ok');
    expect(calls).toBe(2);
    // Timer of attempt 1, backoff, timer of attempt 2 (cancelled by its success).
    expect(clock.sleepLog).toEqual([1_000, 200, 1_000]);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('gives up after maxAttempts hung attempts with ATTEMPTS_EXHAUSTED and the timeout as cause', async () => {
    const { clock, coordinator, giveUps } = setup();
    const p = rejection(coordinator.execute('op', hang, { attemptTimeoutMs: 500 }));
    await clock.runAll();
    const error = (await p) as RetryError;
    expect(isRetryError(error)).toBe(true);
    expect(error.code).toBe('ATTEMPTS_EXHAUSTED');
    expect(error.outcome.attempts.map((a) => a.errorKind)).toEqual([
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(isAttemptTimeoutError(error.cause)).toBe(true);
    expect(error.cause).toMatchObject({ code: 'ATTEMPT_TIMEOUT', timeoutMs: 500, attempt: 3 });
    expect(giveUps).toEqual(['attempts_exhausted']);
  });

  it('a caller abort still wins at once, with the caller reason', async () => {
    const { clock, coordinator } = setup();
    const ac = new AbortController();
    const p = rejection(
      coordinator.execute('op', hang, { attemptTimeoutMs: 500, signal: ac.signal }),
    );
    await flushMicrotasks();
    const reason = new Error('stop');
    ac.abort(reason);
    expect(await p).toBe(reason);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('rejects a bad value naming the option', async () => {
    const { coordinator } = setup();
    await expect(coordinator.execute('op', hang, { attemptTimeoutMs: 0 })).rejects.toThrow(
      /attemptTimeoutMs/,
    );
  });
});

describe('deadlineMs aborts an attempt in flight', () => {
  it('a hung attempt is cut off at the deadline with DEADLINE_EXCEEDED (no retry)', async () => {
    const { clock, coordinator, giveUps } = setup();
    let calls = 0;
    let seen: AbortSignal | undefined;
    const p = rejection(
      coordinator.execute(
        'op',
        (ctx) => {
          calls++;
          seen = ctx.signal;
          return hang();
        },
        { deadlineMs: 10_000 + 3_000 },
      ),
    );
    await clock.tick(2_999);
    expect(seen?.aborted).toBe(false);
    await clock.tick(1);
    const error = (await p) as RetryError;
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.cause).toMatchObject({ code: 'ATTEMPT_TIMEOUT', bound: 'deadline' });
    expect(seen?.aborted).toBe(true);
    expect(calls).toBe(1);
    expect(giveUps).toEqual(['deadline']);
  });

  it('the earlier of attemptTimeoutMs and the deadline bounds each attempt', async () => {
    const { clock, coordinator } = setup();
    const p = rejection(
      coordinator.execute('op', hang, { attemptTimeoutMs: 1_000, deadlineMs: 10_000 + 1_500 }),
    );
    await clock.runAll();
    const error = (await p) as RetryError;
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    // Attempt 1 for 1000 ms, backoff 200, attempt 2 for the 300 ms left.
    expect(clock.sleepLog).toEqual([1_000, 200, 300]);
    expect(error.outcome.attempts).toHaveLength(2);
  });
});

describe('attemptBound', () => {
  it.each([
    [undefined, undefined, undefined],
    [1_000, undefined, { ms: 1_000, bound: 'attempt_timeout' }],
    [undefined, 500, { ms: 500, bound: 'deadline' }],
    [1_000, 500, { ms: 500, bound: 'deadline' }],
    [400, 500, { ms: 400, bound: 'attempt_timeout' }],
    [undefined, -5, { ms: 0, bound: 'deadline' }],
  ])('timeout %s, deadline in %s ms → %o', (timeout, untilDeadline, expected) => {
    const now = 1_000;
    expect(
      attemptBound(timeout, untilDeadline === undefined ? undefined : now + untilDeadline, now),
    ).toEqual(expected);
  });
});

describe('classifyHttpError', () => {
  it('classifies an attempt timeout as a retryable timeout', async () => {
    const { clock, coordinator } = setup();
    const seen: unknown[] = [];
    const p = rejection(
      coordinator.execute('op', hang, {
        attemptTimeoutMs: 100,
        classify: (error, ctx) => {
          seen.push(error);
          return classifyHttpError(error, ctx);
        },
      }),
    );
    await clock.runAll();
    await p;
    expect(seen).toHaveLength(3);
    expect(
      classifyHttpError(seen[0], {
        operation: 'op',
        attempt: 1,
        remainingMs: 1,
        signal: undefined,
      }),
    ).toEqual({
      type: 'retryable',
      errorKind: 'timeout',
    });
  });
});
