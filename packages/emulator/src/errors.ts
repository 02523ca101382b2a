/** Stable codes carried by {@link EmulatorError}. */
export type EmulatorErrorCode =
  'INVALID_OPTION' | 'INVALID_KEY' | 'INVALID_FAULT_RULE' | 'START_FAILED';

/**
 * The one error class thrown by the emulator's programmatic API (bad options, keys or fault rules).
 * HTTP-level failures are never thrown: they become error responses.
 */
export class EmulatorError extends Error {
  /** Always `'EmulatorError'`. */
  override readonly name = 'EmulatorError';
  /** What went wrong, as a stable code. */
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
