import { TokenGuardError } from './token-guard-error.js';
import type { KeyErrorCode } from './token-guard-error.js';

/**
 * A private key could not be used: unreadable (`KEY_INVALID`), encrypted without a passphrase
 * (`KEY_PASSPHRASE_REQUIRED`), wrong passphrase (`KEY_PASSPHRASE_WRONG`), not RSA
 * (`KEY_NOT_RSA`), under 2048 bits (`KEY_TOO_SMALL`) or not matching the given fingerprint
 * (`KEY_FINGERPRINT_MISMATCH`). The message never contains the key or the passphrase.
 */
export class KeyError extends TokenGuardError {
  /** Always `'KeyError'`. */
  override readonly name = 'KeyError';
  declare readonly code: KeyErrorCode;

  constructor(code: KeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
