const BRAND = Symbol.for('@snowpipe/attempt-timeout-error');

/** What ended an attempt early: its own per-attempt timeout, or the call's deadline. */
export type AttemptBound = 'attempt_timeout' | 'deadline';

/**
 * The reason an attempt's signal aborts with when the attempt ran past `attemptTimeoutMs` or the
 * call's `deadlineMs`. The coordinator classifies it (code `ATTEMPT_TIMEOUT`, a retryable timeout
 * for the default classifier) and retries the call while time remains; past the deadline it gives
 * up with `DEADLINE_EXCEEDED` and this error as `cause`.
 */
export class AttemptTimeoutError extends Error {
  /** Always `'AttemptTimeoutError'`. */
  override readonly name = 'AttemptTimeoutError' as const;
  /** Stable code, read by classifiers. */
  readonly code = 'ATTEMPT_TIMEOUT' as const;
  /** The operation name given to `execute`. */
  readonly operation: string;
  /** The attempt that was cut off, 1-based. */
  readonly attempt: number;
  /** How long the attempt was allowed to run, in milliseconds. */
  readonly timeoutMs: number;
  /** Which limit ended it. */
  readonly bound: AttemptBound;
  /** @internal The brand `isAttemptTimeoutError` checks (survives duplicate package copies). */
  readonly [BRAND] = true;

  constructor(operation: string, attempt: number, timeoutMs: number, bound: AttemptBound) {
    super(
      bound === 'deadline'
        ? `${operation}: attempt ${attempt} reached the call's deadline after ${timeoutMs} ms`
        : `${operation}: attempt ${attempt} timed out after ${timeoutMs} ms`,
    );
    this.operation = operation;
    this.attempt = attempt;
    this.timeoutMs = timeoutMs;
    this.bound = bound;
  }
}

/** Brand check for {@link AttemptTimeoutError} that also recognises duplicate package copies. */
export function isAttemptTimeoutError(error: unknown): error is AttemptTimeoutError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
