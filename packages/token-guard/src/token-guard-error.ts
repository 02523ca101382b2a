/** Stable codes of every error this package throws. */
export type TokenGuardErrorCode =
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'DISPOSED'
  | 'REFRESH_FAILED'
  | 'REFRESH_ESCALATED'
  | 'NON_RETRIABLE'
  | KeyErrorCode;

/** Stable codes of {@link KeyError}. */
export type KeyErrorCode =
  | 'KEY_INVALID'
  | 'KEY_PASSPHRASE_REQUIRED'
  | 'KEY_PASSPHRASE_WRONG'
  | 'KEY_NOT_RSA'
  | 'KEY_TOO_SMALL'
  | 'KEY_FINGERPRINT_MISMATCH';

const BRAND = Symbol.for('@snowpipe/token-guard-error');

/**
 * Base class of this package's errors: a string-literal `code` and a `cause`. Messages never
 * carry a token, a key or a passphrase.
 */
export class TokenGuardError extends Error {
  /** The class name: `'TokenGuardError'` or the subclass's. */
  override readonly name: string = 'TokenGuardError';
  /** Why it failed; stable across versions. */
  readonly code: TokenGuardErrorCode;
  /** The underlying error, if any. */
  declare readonly cause: unknown;
  /** @internal Marks instances for the brand check across duplicate package copies. */
  readonly [BRAND] = true;

  constructor(code: TokenGuardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Brand check for {@link TokenGuardError} (and subclasses) that survives duplicate package copies. */
export function isTokenGuardError(error: unknown): error is TokenGuardError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
