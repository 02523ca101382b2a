import { constantRandom, createFakeClock, createSeededRandom } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import type { AttemptContext } from './classification.js';
import { computeDelay } from './compute-delay.js';
import { createRetryCoordinator } from './retry-coordinator.js';
import type { RetryCoordinatorOptions } from './retry-coordinator-options.js';
import { isRetryError } from './retry-error.js';
import type { RetryError } from './retry-error.js';
import { createRetryPlan } from './retry-plan.js';

const httpError = (status: number, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

/** An operation that throws `errors` in turn, then returns `value`; records its contexts. */
function flaky<T>(errors: unknown[], value: T) {
  const calls: AttemptContext[] = [];
  const fn = async (ctx: AttemptContext): Promise<T> => {
    calls.push(ctx);
    if (calls.length <= errors.length) throw errors[calls.length - 1];
    return value;
  };
  return { fn, calls };
}

function setup(options: Omit<RetryCoordinatorOptions, 'clock'> = {}) {
  const clock = createFakeClock({ startMs: 1_000_000 });
  const coordinator = createRetryCoordinator({
    plan: { jitter: 'none' },
    random: constantRandom(0.5),
    ...options,
    clock,
  });
  return { clock, coordinator };
}

async function settle<T>(clock: ReturnType<typeof createFakeClock>, p: Promise<T>): Promise<T> {
  await clock.runAll();
  return p;
}

const rejection = async (p: Promise<unknown>): Promise<RetryError> => {
  const error: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRetryError(error)) throw new Error(`expected a RetryError, got ${String(error)}`);
  return error;
};

describe('createRetryCoordinator: success and retries', () => {
  it('returns the first success without sleeping; fn gets the attempt context', async () => {
    const { clock, coordinator } = setup();
    const { fn, calls } = flaky([], 'ok');
    await expect(coordinator.execute('op', fn)).resolves.toBe('ok');
    expect(calls).toEqual([
      { operation: 'op', attempt: 1, remainingMs: 30_000, signal: undefined },
    ]);
    expect(clock.sleepLog).toEqual([]);
    expect(coordinator.plan).toEqual(createRetryPlan({ jitter: 'none' }));
  });

  it('retries retryable errors with the plan delays and records the outcome', async () => {
    const { clock, coordinator } = setup();
    const { fn, calls } = flaky([httpError(503), httpError(500)], 42);
    const { value, outcome } = await settle(clock, coordinator.executeWithOutcome('op', fn));
    expect(value).toBe(42);
    expect(clock.sleepLog).toEqual([200, 360]);
    expect(calls.map((c) => [c.attempt, c.remainingMs])).toEqual([
      [1, 30_000],
      [2, 29_800],
      [3, 29_440],
    ]);
    expect(outcome).toEqual({
      operation: 'op',
      succeeded: true,
      totalElapsedMs: 560,
      attempts: [
        {
          attempt: 1,
          startedAtMs: 1_000_000,
          durationMs: 0,
          errorKind: 'transient',
          status: 503,
          decision: 'retry',
          reason: 'retryable',
          delayMs: 200,
          delaySource: 'backoff',
        },
        {
          attempt: 2,
          startedAtMs: 1_000_200,
          durationMs: 0,
          errorKind: 'server',
          status: 500,
          decision: 'retry',
          reason: 'retryable',
          delayMs: 360,
          delaySource: 'backoff',
        },
        { attempt: 3, startedAtMs: 1_000_560, durationMs: 0, decision: 'success' },
      ],
    });
  });

  it('uses the injected random source for jitter', async () => {
    const { clock, coordinator } = setup({
      plan: { jitter: 'full' },
      random: createSeededRandom(9),
    });
    const errors = [httpError(503), httpError(503), httpError(503)];
    await settle(clock, coordinator.execute('op', flaky(errors, 1).fn));
    const plan = createRetryPlan({ jitter: 'full' });
    const r = createSeededRandom(9);
    const expected = [1, 2, 3].map((a) => computeDelay(plan, a, undefined, r));
    expect(clock.sleepLog).toEqual(expected);
  });

  it('measures attempt durations with the clock', async () => {
    const { clock, coordinator } = setup();
    let n = 0;
    const p = coordinator.executeWithOutcome('op', async () => {
      await clock.sleep(50);
      if (++n === 1) throw httpError(502);
      return n;
    });
    const { outcome } = await settle(clock, p);
    expect(outcome.attempts.map((a) => [a.startedAtMs, a.durationMs])).toEqual([
      [1_000_000, 50],
      [1_000_250, 50],
    ]);
    expect(outcome.totalElapsedMs).toBe(300);
  });

  it('gives up after maxAttempts with ATTEMPTS_EXHAUSTED and the last error as cause', async () => {
    const { clock, coordinator } = setup();
    const errors = [1, 2, 3, 4, 5].map((i) => httpError(503, { i }));
    const { fn, calls } = flaky(errors, 'never');
    const error = await rejection(settle(clock, coordinator.execute('op', fn)));
    expect(calls).toHaveLength(4);
    expect(error.code).toBe('ATTEMPTS_EXHAUSTED');
    expect(error.cause).toBe(errors[3]);
    expect(error.outcome.succeeded).toBe(false);
    expect(error.outcome.reason).toBe('attempts_exhausted');
    expect(error.outcome.attempts.map((a) => a.decision)).toEqual([
      'retry',
      'retry',
      'retry',
      'give_up',
    ]);
    expect(error.outcome.attempts[3]).toMatchObject({ reason: 'attempts_exhausted' });
    expect(error.outcome.attempts[3]).not.toHaveProperty('delayMs');
  });

  it('does not retry a non-retryable error', async () => {
    const { clock, coordinator } = setup();
    const bad = httpError(400);
    const { fn, calls } = flaky([bad], 'x');
    const error = await rejection(settle(clock, coordinator.execute('op', fn)));
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('NOT_RETRYABLE');
    expect(error.cause).toBe(bad);
    expect(error.outcome.attempts).toEqual([
      expect.objectContaining({ errorKind: 'client', status: 400, reason: 'not_retryable' }),
    ]);
    expect(clock.sleepLog).toEqual([]);
  });

  it('handles a synchronous throw like a rejection', async () => {
    const { clock, coordinator } = setup();
    let n = 0;
    const fn = (): Promise<string> => {
      if (++n === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return Promise.resolve('ok');
    };
    await expect(settle(clock, coordinator.execute('op', fn))).resolves.toBe('ok');
  });

  it('lets a server hint replace the backoff, capped at maxRetryAfterMs', async () => {
    const { clock, coordinator } = setup({ plan: { jitter: 'none', maxRetryAfterMs: 4000 } });
    const errors = [
      httpError(429, { headers: { 'retry-after': '2' } }),
      httpError(503, { retryAfterMs: 9000 }),
    ];
    const { outcome } = await settle(
      clock,
      coordinator.executeWithOutcome('op', flaky(errors, 1).fn),
    );
    expect(clock.sleepLog).toEqual([2000, 4000]);
    expect(outcome.attempts.map((a) => a.delaySource)).toEqual([
      'retry_after',
      'retry_after',
      undefined,
    ]);
  });

  it('gives the classifier the wall-clock time, so an HTTP-date Retry-After works', async () => {
    const { clock, coordinator } = setup();
    const at = new Date(1_000_000 + 1500).toUTCString(); // second precision: 1000 ms ahead
    await settle(
      clock,
      coordinator.execute('op', flaky([httpError(503, { headers: { 'retry-after': at } })], 1).fn),
    );
    expect(clock.sleepLog).toEqual([1000]);
  });

  it('uses a per-call classifier over the coordinator one', async () => {
    const { clock, coordinator } = setup({
      classify: () => ({ type: 'not_retryable', errorKind: 'client' }),
    });
    const { fn, calls } = flaky([new Error('odd')], 'ok');
    const p = coordinator.execute('op', fn, {
      classify: () => ({ type: 'retryable', errorKind: 'transient' }),
    });
    await expect(settle(clock, p)).resolves.toBe('ok');
    expect(calls).toHaveLength(2);
  });

  it('keeps a per-call classifier when the first attempt fails, rejecting or throwing', async () => {
    // Only a classifier is passed: the call takes the no-async-frame path until it fails, then
    // the full loop must still use this call's classifier, not the coordinator's.
    const seen: string[] = [];
    const { clock, coordinator } = setup({
      classify: () => ({ type: 'retryable', errorKind: 'transient' }),
    });
    const classify = (error: unknown) => {
      seen.push((error as Error).message);
      return { type: 'not_retryable', errorKind: 'client' } as const;
    };
    const rejected = flaky([new Error('rejected')], 'ok');
    const p1 = coordinator.execute('op', rejected.fn, { classify });
    await expect(settle(clock, p1)).rejects.toMatchObject({ code: 'NOT_RETRYABLE' });
    const p2 = coordinator.execute(
      'op',
      () => {
        throw new Error('thrown');
      },
      { classify },
    );
    await expect(settle(clock, p2)).rejects.toMatchObject({ code: 'NOT_RETRYABLE' });
    expect(rejected.calls).toHaveLength(1);
    expect(seen).toEqual(['rejected', 'thrown']);
  });

  it('validates its options, naming them', () => {
    expect(() => createRetryCoordinator({ plan: { maxAttempts: 0 } })).toThrow(/"maxAttempts"/);
    expect(() => createRetryCoordinator({ classify: 5 as never })).toThrow(/"classify"/);
    expect(() => createRetryCoordinator({ clock: {} as never })).toThrow(/"clock"/);
    expect(() => createRetryCoordinator({ random: 0.5 as never })).toThrow(/"random"/);
    expect(() => createRetryCoordinator({ budget: {} as never })).toThrow(/"budget"/);
    expect(() => createRetryCoordinator({ plans: {} } as never)).toThrow(/unknown.*"plans"/);
  });

  it('works with the system clock and random by default', async () => {
    const coordinator = createRetryCoordinator();
    await expect(coordinator.execute('op', async () => 'real')).resolves.toBe('real');
  });
});
