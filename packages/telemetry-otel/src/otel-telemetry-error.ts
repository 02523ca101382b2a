/** Codes of {@link OtelTelemetryError}. */
export type OtelTelemetryErrorCode = 'INVALID_OPTION' | 'METRICS_SERVER_FAILED';

/**
 * Thrown for an invalid option (`INVALID_OPTION`; the message names the option or variable) or a
 * Prometheus endpoint that cannot listen (`METRICS_SERVER_FAILED`; the message names the address).
 */
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
