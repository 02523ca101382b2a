/**
 * Stable codes for what went wrong on the network; the same values as `TransportErrorCode` in
 * `@snowpipe/streaming-client`.
 */
export type TransportErrorCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ENOTFOUND'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'BODY_TOO_LARGE'
  | 'PROTOCOL'
  | 'UNKNOWN';

// The same registered symbol the streaming client brands its own TransportError with, so its
// `isTransportError` recognises errors from this package without importing it.
const BRAND = Symbol.for('@snowpipe/transport-error');

/**
 * A network-level failure of the undici transport (no response, or an unreadable one).
 * Messages name the method, origin and path only: never the query string or header values.
 */
export class TransportError extends Error {
  /** Always `'TransportError'`. */
  override readonly name = 'TransportError';
  /** What went wrong, as a stable code. */
  readonly code: TransportErrorCode;
  /** Whether the server may have received (and acted on) the request. */
  readonly mayHaveReachedServer: boolean;
  /** @internal The brand `isTransportError` checks, shared with the client's own TransportError. */
  readonly [BRAND] = true;

  constructor(
    message: string,
    options: { code: TransportErrorCode; mayHaveReachedServer: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.mayHaveReachedServer = options.mayHaveReachedServer;
  }
}

/** Brand check for transport errors from this package, the streaming client, or a copy of either. */
export function isTransportError(error: unknown): error is TransportError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Partial<TransportError> & { [BRAND]?: unknown };
  if (e[BRAND] === true) return true;
  return (
    e.name === 'TransportError' &&
    typeof e.code === 'string' &&
    typeof e.mayHaveReachedServer === 'boolean'
  );
}
