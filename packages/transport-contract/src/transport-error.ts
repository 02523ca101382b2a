/**
 * Stable codes a transport uses to say what went wrong on the network.
 * `ECONNREFUSED` and `ABORTED` before send never reached the server; the others may have.
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

const BRAND = Symbol.for('@snowpipe/transport-error');

/** Options for constructing a {@link TransportError}. */
export interface TransportErrorOptions {
  /** What went wrong, as a stable code. */
  code: TransportErrorCode;
  /** Whether the server may have received (and acted on) the request. */
  mayHaveReachedServer: boolean;
  /** The underlying error (e.g. the runtime's socket error). @default undefined */
  cause?: unknown;
}

/**
 * A network-level failure (no HTTP response was received, or the response could not be read).
 * Messages name the method and origin only: never header values or bodies.
 */
export class TransportError extends Error {
  /** Always `'TransportError'`. */
  override readonly name = 'TransportError';
  /** What went wrong, as a stable code. */
  readonly code: TransportErrorCode;
  /** Whether the server may have received (and acted on) the request. */
  readonly mayHaveReachedServer: boolean;
  /** @internal The brand {@link isTransportError} checks first. */
  readonly [BRAND] = true;

  constructor(message: string, options: TransportErrorOptions) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.mayHaveReachedServer = options.mayHaveReachedServer;
  }
}

/**
 * Brand check that also recognises transport errors from other packages (such as
 * `@snowpipe/transport-undici`) or duplicate copies of this one: anything named `TransportError`
 * with a string `code` and a boolean `mayHaveReachedServer`.
 */
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
