import type { AttemptContext, Classifier } from './classification.js';
import type { Clock } from './clock.js';
import type { RetryBudget } from './retry-budget.js';
import type { RetryObserver } from './retry-observer.js';
import type { RetryOutcome } from './retry-outcome.js';
import type { RetryPlan, RetryPlanOptions } from './retry-plan.js';

/** Options for {@link createRetryCoordinator}. */
export interface RetryCoordinatorOptions {
  /** A plan or plan options (validated). @default DEFAULT_RETRY_PLAN */
  plan?: RetryPlan | RetryPlanOptions;
  /** Decides whether a thrown error is retried. @default classifyHttpError */
  classify?: Classifier;
  /** Time source. @default systemClock */
  clock?: Clock;
  /** Random source in [0, 1) for jitter. @default systemRandom */
  random?: () => number;
  /** Opt-in retry budget shared by callers of one service. @default undefined (no budget) */
  budget?: RetryBudget;
  /** Observer(s) told about every attempt, retry and result. @default [] */
  observer?: RetryObserver | readonly RetryObserver[];
}

/** Per-call options of `execute`. */
export interface ExecuteOptions {
  /** Aborts the call at once (also during a backoff sleep); it rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Absolute wall-clock deadline (epoch ms): no retry sleeps past it, and an attempt still running
   * when it passes is aborted (its signal aborts with an `AttemptTimeoutError`) and the call
   * rejects with `DEADLINE_EXCEEDED`. @default none
   */
  deadlineMs?: number;
  /**
   * Longest one attempt may run, in milliseconds. Past it the attempt's signal aborts with an
   * `AttemptTimeoutError` (code `ATTEMPT_TIMEOUT`), the coordinator stops waiting for it even if
   * it ignores the signal, and the failure is classified like any other (the default classifier
   * retries it as a `timeout`). @default none (an attempt runs until it settles or the deadline)
   */
  attemptTimeoutMs?: number;
  /** A classifier for this call only. @default the coordinator's */
  classify?: Classifier;
  /** An extra observer for this call only. */
  observer?: RetryObserver;
}

/** Runs operations with retries according to one plan. */
export interface RetryCoordinator {
  /** The validated plan. */
  readonly plan: RetryPlan;
  /** Runs `fn` until it succeeds or the coordinator gives up (then rejects with a `RetryError`). */
  execute<T>(
    operation: string,
    fn: (ctx: AttemptContext) => Promise<T>,
    options?: ExecuteOptions,
  ): Promise<T>;
  /** Like `execute`, and also returns the {@link RetryOutcome} of a success. */
  executeWithOutcome<T>(
    operation: string,
    fn: (ctx: AttemptContext) => Promise<T>,
    options?: ExecuteOptions,
  ): Promise<{
    /** What the successful attempt resolved with. */
    value: T;
    /** Every attempt made, the successful one last. */
    outcome: RetryOutcome;
  }>;
}

const KNOWN: readonly string[] = ['plan', 'classify', 'clock', 'random', 'budget', 'observer'];

/** Throws a `TypeError` naming the option when `createRetryCoordinator` options are malformed. */
export function validateCoordinatorOptions(options: RetryCoordinatorOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`retry coordinator options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new TypeError(`unknown retry coordinator option "${key}" (known: ${KNOWN.join(', ')})`);
    }
  }
  const { classify, clock, random, budget } = options;
  if (classify !== undefined && typeof classify !== 'function') fail('classify', classify);
  if (random !== undefined && typeof random !== 'function') fail('random', random);
  if (
    clock !== undefined &&
    (typeof clock !== 'object' ||
      clock === null ||
      typeof clock.now !== 'function' ||
      typeof clock.sleep !== 'function')
  ) {
    fail('clock', clock, 'an object with now() and sleep()');
  }
  if (
    budget !== undefined &&
    (typeof budget !== 'object' || budget === null || typeof budget.tryAcquireRetry !== 'function')
  ) {
    fail('budget', budget, 'a RetryBudget');
  }
}

/** Throws unless `attemptTimeoutMs` is a positive finite number. */
export function validateAttemptTimeout(attemptTimeoutMs: unknown): void {
  if (
    typeof attemptTimeoutMs !== 'number' ||
    !Number.isFinite(attemptTimeoutMs) ||
    attemptTimeoutMs <= 0
  ) {
    throw new RangeError(
      `execute option "attemptTimeoutMs" must be a positive number of ms, got ${String(attemptTimeoutMs)}`,
    );
  }
}

/** Throws unless `deadlineMs` is a number (not NaN). */
export function validateDeadline(deadlineMs: unknown): void {
  if (typeof deadlineMs !== 'number' || Number.isNaN(deadlineMs)) {
    throw new TypeError(`execute option "deadlineMs" must be epoch ms, got ${String(deadlineMs)}`);
  }
}

function fail(name: string, value: unknown, expected = 'a function'): never {
  throw new TypeError(
    `retry coordinator option "${name}" must be ${expected}, got ${typeof value}`,
  );
}
