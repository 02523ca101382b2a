/** Codes of {@link OtelTelemetryError}. */
export type OtelTelemetryErrorCode = 'INVALID_OPTION';

/** Thrown by `createOtelTelemetry` for an invalid option; the message names the option. */
export class OtelTelemetryError extends Error {
  /** Always `'OtelTelemetryError'`. */
  override readonly name = 'OtelTelemetryError';
  /** Stable machine-readable code. */
  readonly code: OtelTelemetryErrorCode;

  /** Creates the error; `cause` is kept for callers who want it. */
  constructor(code: OtelTelemetryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
