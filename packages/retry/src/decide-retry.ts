import type { Classification } from './classification.js';
import { computeDelay } from './compute-delay.js';
import type { RetryPlan } from './retry-plan.js';
import type { DecisionReason, DelaySource } from './retry-outcome.js';

/** What the coordinator knows when an attempt has failed. */
export interface RetryState {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** Ms since the first attempt started (monotonic). */
  elapsedMs: number;
  /** Ms left until the caller's deadline (`Infinity` without one). */
  untilDeadlineMs: number;
  /** The previous backoff delay (for decorrelated jitter); undefined before the first retry. */
  previousDelayMs: number | undefined;
}

/** The decision after a failed attempt. */
export type RetryDecision =
  | {
      /** Make another attempt after `delayMs`. */
      type: 'retry';
      /** How long to wait before the next attempt, in ms. */
      delayMs: number;
      /** Whether the delay came from the backoff or from the server's hint. */
      delaySource: DelaySource;
    }
  | {
      /** Make no further attempt. */
      type: 'give_up';
      /** Why no further attempt is made. */
      reason: Exclude<DecisionReason, 'retryable'>;
    };

/**
 * Decides whether to retry, and after how long. Pure: the runner sleeps and calls. A retry is
 * made only if, after its delay, time would remain under both `maxElapsedMs` and the deadline;
 * otherwise the reason is `deadline`. (The retry budget is consulted by the runner afterwards.)
 */
export function decideRetry(
  plan: RetryPlan,
  state: RetryState,
  classification: Classification,
  random: () => number,
): RetryDecision {
  if (classification.type === 'aborted') return { type: 'give_up', reason: 'aborted' };
  if (classification.type === 'not_retryable') return { type: 'give_up', reason: 'not_retryable' };
  if (state.attempt >= plan.maxAttempts) return { type: 'give_up', reason: 'attempts_exhausted' };
  const hint = classification.retryAfterMs;
  const hinted = typeof hint === 'number' && hint >= 0;
  const delayMs = hinted
    ? Math.min(hint, plan.maxRetryAfterMs)
    : computeDelay(plan, state.attempt, state.previousDelayMs, random);
  if (state.elapsedMs + delayMs >= plan.maxElapsedMs || delayMs >= state.untilDeadlineMs) {
    return { type: 'give_up', reason: 'deadline' };
  }
  return { type: 'retry', delayMs, delaySource: hinted ? 'retry_after' : 'backoff' };
}
