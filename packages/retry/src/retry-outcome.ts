import type { ErrorKind } from './classification.js';

/** Why the coordinator retried (`retryable`) or gave up (every other value). */
export type DecisionReason =
  | 'retryable'
  | 'not_retryable'
  | 'attempts_exhausted'
  | 'deadline'
  | 'budget_exhausted'
  | 'aborted';

/** Where a retry delay came from: the backoff plan or a server hint such as `Retry-After`. */
export type DelaySource = 'backoff' | 'retry_after';

/** One attempt in a {@link RetryOutcome}. */
export interface AttemptRecord {
  /** 1-based attempt number. */
  attempt: number;
  /** Wall-clock epoch ms when the attempt started. */
  startedAtMs: number;
  /** How long the attempt ran, in ms. */
  durationMs: number;
  /** Set for a failed attempt. */
  errorKind?: ErrorKind;
  /** HTTP status of a failed attempt, when known. */
  status?: number;
  /** What the coordinator did after this attempt. */
  decision: 'success' | 'retry' | 'give_up';
  /** `retryable` for a retry; the give-up reason otherwise. */
  reason?: DecisionReason;
  /** The delay slept before the next attempt (retries only). */
  delayMs?: number;
  /** Where `delayMs` came from (retries only). */
  delaySource?: DelaySource;
}

/** What happened in one `execute`: every attempt, the total time and, on failure, why. */
export interface RetryOutcome {
  /** The operation name given to `execute`. */
  operation: string;
  /** Whether an attempt succeeded. */
  succeeded: boolean;
  /** Every attempt, in order. */
  attempts: readonly AttemptRecord[];
  /** Milliseconds from the first attempt's start to the end. */
  totalElapsedMs: number;
  /** The give-up reason when `succeeded` is false. */
  reason?: DecisionReason;
}
