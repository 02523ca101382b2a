import type { RetryOutcome } from './retry-outcome.js';

/** Stable codes of {@link RetryError}. */
export type RetryErrorCode =
  'NOT_RETRYABLE' | 'ATTEMPTS_EXHAUSTED' | 'DEADLINE_EXCEEDED' | 'BUDGET_EXHAUSTED';

const BRAND = Symbol.for('@snowpipe/retry-error');

/**
 * Thrown when the coordinator gives up. `cause` is the last attempt's error (undefined when no
 * attempt ran); `outcome` records every attempt. The message holds no error text, only counts,
 * kinds and statuses, so it cannot leak what a failed request carried.
 */
export class RetryError extends Error {
  /** Always `'RetryError'`. */
  override readonly name = 'RetryError' as const;
  /** Why the coordinator gave up. */
  readonly code: RetryErrorCode;
  /** Every attempt made. */
  readonly outcome: RetryOutcome;
  /** The last attempt's error. */
  declare readonly cause: unknown;
  /** @internal Marks instances for {@link isRetryError} across duplicate package copies. */
  readonly [BRAND] = true;

  constructor(code: RetryErrorCode, outcome: RetryOutcome, cause: unknown) {
    const last = outcome.attempts[outcome.attempts.length - 1];
    const detail = last?.errorKind
      ? `; last error: ${last.errorKind}${last.status === undefined ? '' : ` (status ${last.status})`}`
      : '';
    super(
      `${outcome.operation}: gave up after ${outcome.attempts.length} attempt(s), ${code}${detail}`,
      { cause },
    );
    this.code = code;
    this.outcome = outcome;
  }
}

/** Brand check for {@link RetryError} that also recognises errors from duplicate package copies. */
export function isRetryError(error: unknown): error is RetryError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
