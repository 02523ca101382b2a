import type { ErrorKind } from './classification.js';
import type { DecisionReason, DelaySource, RetryOutcome } from './retry-outcome.js';

/**
 * Hooks a coordinator calls as it works: the telemetry seam. Every hook is optional, and a hook
 * that throws is ignored so it cannot break the retry loop.
 */
export interface RetryObserver {
  /** An attempt is about to start. */
  onAttempt?(e: { operation: string; attempt: number; startedAtMs: number }): void;
  /** An attempt failed and the coordinator will retry after `delayMs`. */
  onRetry?(e: {
    operation: string;
    attempt: number;
    delayMs: number;
    delaySource: DelaySource;
    errorKind: ErrorKind;
    status?: number;
    error: unknown;
  }): void;
  /** The coordinator gave up (including on abort). */
  onGiveUp?(e: {
    operation: string;
    reason: DecisionReason;
    outcome: RetryOutcome;
    error: unknown;
  }): void;
  /** An attempt succeeded. */
  onSuccess?(e: { operation: string; outcome: RetryOutcome }): void;
}

type Hook = keyof RetryObserver;

/** True when any observer implements `hook` (so events are only built when someone listens). */
export function listens(observers: readonly RetryObserver[], hook: Hook): boolean {
  for (const observer of observers) if (typeof observer[hook] === 'function') return true;
  return false;
}
