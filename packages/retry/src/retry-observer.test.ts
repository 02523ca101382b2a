import { constantRandom, createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import type { AttemptContext } from './classification.js';
import { createRetryCoordinator } from './retry-coordinator.js';
import type { RetryCoordinatorOptions } from './retry-coordinator-options.js';
import { isRetryError } from './retry-error.js';
import type { RetryError } from './retry-error.js';
import type { RetryObserver } from './retry-observer.js';

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

describe('createRetryCoordinator: observers', () => {
  it('reports attempts, retries, success and give-up, in order', async () => {
    const events: string[] = [];
    const observer: RetryObserver = {
      onAttempt: (e) => events.push(`attempt ${e.attempt} @${e.startedAtMs}`),
      onRetry: (e) => events.push(`retry ${e.attempt} ${e.delayMs} ${e.errorKind} ${e.status}`),
      onSuccess: (e) => events.push(`success ${e.outcome.attempts.length}`),
      onGiveUp: (e) => events.push(`give up ${e.reason} ${String((e.error as Error).message)}`),
    };
    const { clock, coordinator } = setup({ observer });
    await settle(clock, coordinator.execute('a', flaky([httpError(503)], 1).fn));
    await settle(clock, coordinator.execute('b', flaky([httpError(404)], 1).fn)).catch(() => {});
    expect(events).toEqual([
      'attempt 1 @1000000',
      'retry 1 200 transient 503',
      'attempt 2 @1000200',
      'success 2',
      'attempt 1 @1000200',
      'give up not_retryable HTTP 404',
    ]);
  });

  it('swallows observer errors and still calls the other observers', async () => {
    const seen: string[] = [];
    const boom = (): never => {
      throw new Error('observer bug');
    };
    const { clock, coordinator } = setup({
      observer: [
        { onAttempt: boom, onRetry: boom, onSuccess: boom, onGiveUp: boom },
        { onSuccess: (e) => seen.push(e.operation), onGiveUp: (e) => seen.push(e.reason) },
      ],
    });
    await expect(
      settle(clock, coordinator.execute('op', flaky([httpError(500)], 'v').fn)),
    ).resolves.toBe('v');
    const error = await rejection(
      settle(clock, coordinator.execute('op2', flaky([httpError(401)], 'v').fn)),
    );
    expect(error.code).toBe('NOT_RETRYABLE');
    expect(seen).toEqual(['op', 'not_retryable']);
  });

  it('adds a per-call observer to the coordinator ones', async () => {
    const seen: string[] = [];
    const { clock, coordinator } = setup({ observer: { onSuccess: () => seen.push('base') } });
    await settle(
      clock,
      coordinator.execute('op', flaky([], 1).fn, {
        observer: { onSuccess: () => seen.push('call') },
      }),
    );
    await settle(clock, coordinator.execute('op', flaky([], 1).fn));
    expect(seen).toEqual(['base', 'call', 'base']);
  });

  it('gives onSuccess the outcome of a first-attempt success', async () => {
    let outcome: unknown;
    const { coordinator } = setup({ observer: { onSuccess: (e) => (outcome = e.outcome) } });
    await coordinator.execute('op', flaky([], 1).fn);
    expect(outcome).toEqual({
      operation: 'op',
      succeeded: true,
      totalElapsedMs: 0,
      attempts: [{ attempt: 1, startedAtMs: 1_000_000, durationMs: 0, decision: 'success' }],
    });
  });
});
