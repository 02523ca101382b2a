import type { AttemptContext, Classification } from './classification.js';
import { classifyHttpError } from './classify-http-error.js';
import { decideRetry } from './decide-retry.js';
import type { RetryDecision } from './decide-retry.js';
import { attemptBound, guardAttempt } from './attempt-guard.js';
import type { AttemptGuard } from './attempt-guard.js';
import { raceAbort } from './race-abort.js';
import { RetryError } from './retry-error.js';
import type { RetryErrorCode } from './retry-error.js';
import { notifyObservers } from './notify-observers.js';
import { listens } from './retry-observer.js';
import type { RetryObserver } from './retry-observer.js';
import type { AttemptRecord, DecisionReason, RetryOutcome } from './retry-outcome.js';
import { createRetryPlan } from './retry-plan.js';
import { systemClock } from './clock/system-clock.js';
import { systemRandom } from './clock/system-random.js';
import {
  validateAttemptTimeout,
  validateCoordinatorOptions,
  validateDeadline,
} from './retry-coordinator-options.js';
import type {
  ExecuteOptions,
  RetryCoordinator,
  RetryCoordinatorOptions,
} from './retry-coordinator-options.js';

const CODES: Record<Exclude<DecisionReason, 'retryable' | 'aborted'>, RetryErrorCode> = {
  not_retryable: 'NOT_RETRYABLE',
  attempts_exhausted: 'ATTEMPTS_EXHAUSTED',
  deadline: 'DEADLINE_EXCEEDED',
  budget_exhausted: 'BUDGET_EXHAUSTED',
};

interface OutcomeSink {
  outcome?: RetryOutcome;
}

/** A first attempt that failed on the fast path, handed over to the full loop. */
interface FirstFailure {
  t0: number;
  error: unknown;
}

/**
 * Creates a retry coordinator: decide-then-act, with injected clock and random.
 * @example
 * const retry = createRetryCoordinator({ plan: { maxAttempts: 5 } });
 * const res = await retry.execute('get-user', ({ signal }) => fetchJson(url, { signal }));
 */
export function createRetryCoordinator(options: RetryCoordinatorOptions = {}): RetryCoordinator {
  validateCoordinatorOptions(options);
  const plan = createRetryPlan(options.plan);
  const classify = options.classify ?? classifyHttpError;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const budget = options.budget;
  const baseObservers: readonly RetryObserver[] =
    options.observer === undefined ? [] : ([] as RetryObserver[]).concat(options.observer);
  const baseListensSuccess = listens(baseObservers, 'onSuccess');
  const baseListensAttempt = listens(baseObservers, 'onAttempt');
  const fastPath = !baseListensSuccess && !baseListensAttempt && budget === undefined;
  const hasMonotonic = typeof clock.monotonicNow === 'function';
  const mono = (): number => (hasMonotonic ? clock.monotonicNow!() : clock.now());

  async function run<T>(
    operation: string,
    fn: (ctx: AttemptContext) => Promise<T>,
    options: ExecuteOptions | undefined,
    sink: OutcomeSink | undefined,
    first?: FirstFailure,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    const deadlineMs = options?.deadlineMs;
    const attemptTimeoutMs = options?.attemptTimeoutMs;
    if (attemptTimeoutMs !== undefined) validateAttemptTimeout(attemptTimeoutMs);
    const classifyFn = options?.classify ?? classify;
    const extra = options?.observer;
    const observers = extra === undefined ? baseObservers : baseObservers.concat(extra);
    const listensAttempt =
      extra === undefined ? baseListensAttempt : listens(observers, 'onAttempt');
    const t0 = first === undefined ? mono() : first.t0;
    let records: AttemptRecord[] | undefined;
    let remainingMs = plan.maxElapsedMs;
    if (deadlineMs !== undefined) {
      validateDeadline(deadlineMs);
      remainingMs = Math.min(remainingMs, deadlineMs - clock.now());
      if (remainingMs <= 0) {
        const outcome = finish(operation, [], 0, 'deadline');
        emitGiveUp(observers, operation, outcome, undefined);
        throw new RetryError('DEADLINE_EXCEEDED', outcome, undefined);
      }
    }
    let attempt = 1;
    let attemptStart = t0;
    let previousDelayMs: number | undefined;
    for (;;) {
      if (listensAttempt && first === undefined) {
        notifyObservers(observers, 'onAttempt', { operation, attempt, startedAtMs: clock.now() });
      }
      let value: T;
      let guard: AttemptGuard | undefined;
      try {
        if (first !== undefined) {
          const { error } = first;
          first = undefined;
          throw error;
        }
        const bound = attemptBound(attemptTimeoutMs, deadlineMs, clock.now());
        if (bound === undefined) {
          const pending = fn({ operation, attempt, remainingMs, signal });
          value = await (signal === undefined ? pending : raceAbort(pending, signal));
        } else {
          // The attempt itself is bounded (not only the sleeps between attempts): its signal
          // aborts when time is up, and the race stops waiting even for work that ignores it.
          guard = guardAttempt(clock, bound.ms, bound.bound, { operation, attempt }, signal);
          const attemptGuard = guard;
          try {
            const pending = fn({ operation, attempt, remainingMs, signal: attemptGuard.signal });
            value = await raceAbort(pending, attemptGuard.signal);
          } finally {
            attemptGuard.stop();
          }
        }
      } catch (error) {
        const end = mono();
        const wallNow = clock.now();
        const record: AttemptRecord = {
          attempt,
          startedAtMs: wallNow - (end - attemptStart),
          durationMs: end - attemptStart,
          decision: 'give_up',
        };
        (records ??= []).push(record);
        const classification: Classification = signal?.aborted
          ? { type: 'aborted' }
          : classifyFn(error, { operation, attempt, remainingMs, signal, nowMs: wallNow });
        if (classification.type === 'aborted') {
          record.errorKind = 'aborted';
        } else {
          record.errorKind = classification.errorKind;
          if (classification.status !== undefined) record.status = classification.status;
          if (classification.type === 'retryable') budget?.recordFailure();
        }
        // Cut off by the call's deadline: nothing is left to retry in, whatever the error says.
        const pastDeadline = guard?.bound === 'deadline' && guard.expired() && !signal?.aborted;
        let decision: RetryDecision = pastDeadline
          ? { type: 'give_up', reason: 'deadline' }
          : decideRetry(
              plan,
              {
                attempt,
                elapsedMs: end - t0,
                untilDeadlineMs: deadlineMs === undefined ? Infinity : deadlineMs - wallNow,
                previousDelayMs,
              },
              classification,
              random,
            );
        if (decision.type === 'retry' && budget !== undefined && !budget.tryAcquireRetry()) {
          decision = { type: 'give_up', reason: 'budget_exhausted' };
        }
        if (decision.type === 'give_up') {
          record.reason = decision.reason;
          const outcome = finish(operation, records, end - t0, decision.reason);
          const reason: unknown =
            decision.reason === 'aborted' && signal?.aborted ? signal.reason : error;
          emitGiveUp(observers, operation, outcome, reason);
          if (decision.reason === 'aborted') throw reason;
          throw new RetryError(CODES[decision.reason], outcome, error);
        }
        const { delayMs, delaySource } = decision;
        record.decision = 'retry';
        record.reason = 'retryable';
        record.delayMs = delayMs;
        record.delaySource = delaySource;
        if (observers.length !== 0) {
          notifyObservers(observers, 'onRetry', {
            operation,
            attempt,
            delayMs,
            delaySource,
            errorKind: record.errorKind,
            ...(record.status === undefined ? {} : { status: record.status }),
            error,
          });
        }
        if (delayMs > 0) {
          try {
            await clock.sleep(delayMs, signal);
          } catch (sleepError) {
            const outcome = finish(operation, records, mono() - t0, 'aborted');
            emitGiveUp(observers, operation, outcome, sleepError);
            throw sleepError;
          }
        }
        previousDelayMs = delayMs;
        attempt++;
        attemptStart = mono();
        remainingMs = plan.maxElapsedMs - (attemptStart - t0);
        if (deadlineMs !== undefined) remainingMs = Math.min(remainingMs, deadlineMs - clock.now());
        continue;
      }
      budget?.recordSuccess();
      if (
        sink !== undefined ||
        (extra === undefined ? baseListensSuccess : listens(observers, 'onSuccess'))
      ) {
        const end = mono();
        (records ??= []).push({
          attempt,
          startedAtMs: clock.now() - (end - attemptStart),
          durationMs: end - attemptStart,
          decision: 'success',
        });
        const outcome = finish(operation, records, end - t0, undefined);
        if (sink !== undefined) sink.outcome = outcome;
        notifyObservers(observers, 'onSuccess', { operation, outcome });
      }
      return value;
    }
  }

  return Object.freeze({
    plan,
    execute<T>(
      operation: string,
      fn: (ctx: AttemptContext) => Promise<T>,
      o?: ExecuteOptions,
    ): Promise<T> {
      if (
        !fastPath ||
        (o !== undefined &&
          (o.signal !== undefined ||
            o.deadlineMs !== undefined ||
            o.attemptTimeoutMs !== undefined ||
            o.observer !== undefined))
      ) {
        return run(operation, fn, o, undefined);
      }
      // Fast path (nothing to report, no signal, deadline or budget; a per-call classifier is
      // fine, it is only consulted on failure): one clock read, no async frame; a failure hands
      // over to the full loop with the start time.
      const t0 = mono();
      let pending: Promise<T>;
      try {
        pending = fn({ operation, attempt: 1, remainingMs: plan.maxElapsedMs, signal: undefined });
      } catch (error) {
        return run(operation, fn, o, undefined, { t0, error });
      }
      return Promise.resolve(pending).then(undefined, (error: unknown) =>
        run(operation, fn, o, undefined, { t0, error }),
      );
    },
    async executeWithOutcome<T>(
      operation: string,
      fn: (ctx: AttemptContext) => Promise<T>,
      o?: ExecuteOptions,
    ): Promise<{ value: T; outcome: RetryOutcome }> {
      const sink: OutcomeSink = {};
      const value = await run(operation, fn, o, sink);
      return { value, outcome: sink.outcome! };
    },
  });
}

function finish(
  operation: string,
  attempts: AttemptRecord[],
  totalElapsedMs: number,
  reason: DecisionReason | undefined,
): RetryOutcome {
  const outcome: RetryOutcome = {
    operation,
    succeeded: reason === undefined,
    attempts,
    totalElapsedMs,
  };
  if (reason !== undefined) outcome.reason = reason;
  return outcome;
}

function emitGiveUp(
  observers: readonly RetryObserver[],
  operation: string,
  outcome: RetryOutcome,
  error: unknown,
): void {
  if (observers.length === 0) return;
  notifyObservers(observers, 'onGiveUp', { operation, reason: outcome.reason!, outcome, error });
}
