import type { Clock } from './clock.js';
import { AttemptTimeoutError } from './attempt-timeout-error.js';
import type { AttemptBound } from './attempt-timeout-error.js';

/** The signal one attempt runs under, and the timer that may abort it. */
export interface AttemptGuard {
  /** Aborts with the caller's reason, or with an {@link AttemptTimeoutError} when time is up. */
  readonly signal: AbortSignal;
  /** Which limit the timer stands for. */
  readonly bound: AttemptBound;
  /** True once the timer fired (the attempt was cut off, not cancelled by the caller). */
  expired(): boolean;
  /** Cancels the timer (the attempt settled); leaves no sleeper behind on a fake clock. */
  stop(): void;
}

const STOPPED = Object.freeze(new Error('attempt settled'));

/**
 * Starts the timer of one attempt on the injected clock: after `ms` the attempt's signal aborts
 * with an {@link AttemptTimeoutError} saying which `bound` ended it. The caller's `signal` still
 * aborts it at once (the two are combined with `AbortSignal.any`).
 */
export function guardAttempt(
  clock: Clock,
  ms: number,
  bound: AttemptBound,
  context: { operation: string; attempt: number },
  signal: AbortSignal | undefined,
): AttemptGuard {
  const timer = new AbortController();
  const expiry = new AbortController();
  clock.sleep(Math.max(0, ms), timer.signal).then(
    () => expiry.abort(new AttemptTimeoutError(context.operation, context.attempt, ms, bound)),
    () => undefined,
  );
  return {
    bound,
    signal: signal === undefined ? expiry.signal : AbortSignal.any([signal, expiry.signal]),
    expired: () => expiry.signal.aborted,
    stop: () => timer.abort(STOPPED),
  };
}

/**
 * How long the next attempt may run: the earlier of `attemptTimeoutMs` and the time left until
 * `deadlineMs` (with which one that is), or `undefined` when neither is set.
 */
export function attemptBound(
  attemptTimeoutMs: number | undefined,
  deadlineMs: number | undefined,
  nowMs: number,
): { ms: number; bound: AttemptBound } | undefined {
  const untilDeadlineMs = deadlineMs === undefined ? Infinity : deadlineMs - nowMs;
  if (attemptTimeoutMs !== undefined && attemptTimeoutMs <= untilDeadlineMs) {
    return { ms: attemptTimeoutMs, bound: 'attempt_timeout' };
  }
  if (untilDeadlineMs === Infinity) return undefined;
  return { ms: Math.max(0, untilDeadlineMs), bound: 'deadline' };
}
