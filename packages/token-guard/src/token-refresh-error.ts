import { TokenGuardError } from './token-guard-error.js';

/** Codes of {@link TokenRefreshError}. */
export type TokenRefreshErrorCode = 'REFRESH_FAILED' | 'REFRESH_ESCALATED' | 'NON_RETRIABLE';

/**
 * A refresh failed: `REFRESH_FAILED` after the retry plan, `REFRESH_ESCALATED` once
 * `escalateAfter` refreshes in a row have failed, `NON_RETRIABLE` when the source's error cannot
 * be fixed by retrying (bad key, 4xx). `cause` is the source's (or the retry coordinator's) error.
 */
export class TokenRefreshError extends TokenGuardError {
  /** Always `'TokenRefreshError'`. */
  override readonly name = 'TokenRefreshError';
  declare readonly code: TokenRefreshErrorCode;
  /** Attempts made by the failed refresh. */
  readonly attempts: number;
  /** Failed refreshes in a row, this one included. */
  readonly consecutiveFailures: number;

  constructor(
    code: TokenRefreshErrorCode,
    message: string,
    details: { cause: unknown; attempts: number; consecutiveFailures: number },
  ) {
    super(code, message, { cause: details.cause });
    this.attempts = details.attempts;
    this.consecutiveFailures = details.consecutiveFailures;
  }
}
