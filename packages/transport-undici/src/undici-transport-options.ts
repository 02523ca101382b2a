import type { Dispatcher } from 'undici';

/** Options for {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * Sockets per origin (the pool size). Size it to the number of requests you want in flight to
   * the ingest host at once (roughly: channels flushing concurrently), not to the channel count.
   * @default 16
   */
  connections?: number;
  /**
   * Requests sent on one socket before earlier responses arrive. Above 1, a slow or failed
   * response delays or fails the requests queued behind it; keep 1 unless you measured a gain.
   * @default 1
   */
  pipelining?: number;
  /**
   * How long an idle socket is kept for reuse. Keep it below the server's (or load balancer's)
   * idle timeout so the client never reuses a socket the server is closing.
   * @default 4000
   */
  keepAliveTimeoutMs?: number;
  /**
   * Time allowed between sending the request and receiving the response headers (undici
   * checks it with about 0.5 s granularity: pass an `AbortSignal` for tight deadlines).
   * @default 60000
   */
  headersTimeoutMs?: number;
  /**
   * Longest gap allowed between two chunks of the response body.
   * @default 60000
   */
  bodyTimeoutMs?: number;
  /**
   * Negotiate HTTP/2 over TLS when the server offers it.
   * @default false
   */
  allowH2?: boolean;
  /**
   * Largest response body accepted, in bytes; past it the request fails with `BODY_TOO_LARGE`
   * while the body streams in (it is never buffered whole).
   * @default 67108864 (64 MiB)
   */
  maxResponseBytes?: number;
  /**
   * A dispatcher to use instead of the transport's own pool (e.g. undici's `MockAgent`, or an
   * `Agent` you share). It stays yours: `close()` waits for this transport's requests but does
   * not close it. The pool options above must then be left out.
   * @default undefined (an `Agent` built from the options above)
   */
  dispatcher?: Dispatcher;
}

/** Defaults of {@link UndiciTransportOptions}. */
export const DEFAULT_UNDICI_TRANSPORT_OPTIONS = Object.freeze({
  /** Sockets per origin. */
  connections: 16,
  /** Requests in flight on one socket. */
  pipelining: 1,
  /** Idle socket lifetime, in ms. */
  keepAliveTimeoutMs: 4000,
  /** Time allowed until the response headers, in ms. */
  headersTimeoutMs: 60_000,
  /** Longest gap between response body chunks, in ms. */
  bodyTimeoutMs: 60_000,
  /** HTTP/2 is not negotiated. */
  allowH2: false,
  /** Largest response body accepted, in bytes (64 MiB). */
  maxResponseBytes: 64 * 1024 * 1024,
});

/** Options after defaults and validation. */
export type ResolvedUndiciTransportOptions = Readonly<
  Omit<Required<UndiciTransportOptions>, 'dispatcher'> & { dispatcher: Dispatcher | undefined }
>;

const POOL_OPTIONS = ['connections', 'pipelining', 'keepAliveTimeoutMs', 'allowH2'] as const;

/** Applies defaults and validates eagerly, naming the option and the bad value. */
export function resolveUndiciTransportOptions(
  options: UndiciTransportOptions,
): ResolvedUndiciTransportOptions {
  if (options.dispatcher !== undefined) {
    for (const name of POOL_OPTIONS) {
      if (options[name] !== undefined) {
        throw new TypeError(
          `createUndiciTransport: options.${name} has no effect with options.dispatcher (configure your dispatcher instead)`,
        );
      }
    }
  }
  const d = DEFAULT_UNDICI_TRANSPORT_OPTIONS;
  const allowH2 = options.allowH2 ?? d.allowH2;
  if (typeof allowH2 !== 'boolean') {
    throw new TypeError(
      `createUndiciTransport: options.allowH2 must be a boolean, got ${String(allowH2)}`,
    );
  }
  return Object.freeze({
    connections: integer('connections', options.connections ?? d.connections, 1),
    pipelining: integer('pipelining', options.pipelining ?? d.pipelining, 1),
    keepAliveTimeoutMs: integer(
      'keepAliveTimeoutMs',
      options.keepAliveTimeoutMs ?? d.keepAliveTimeoutMs,
      1,
    ),
    headersTimeoutMs: integer(
      'headersTimeoutMs',
      options.headersTimeoutMs ?? d.headersTimeoutMs,
      0,
    ),
    bodyTimeoutMs: integer('bodyTimeoutMs', options.bodyTimeoutMs ?? d.bodyTimeoutMs, 0),
    allowH2,
    maxResponseBytes: integer(
      'maxResponseBytes',
      options.maxResponseBytes ?? d.maxResponseBytes,
      1,
    ),
    dispatcher: options.dispatcher,
  });
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `createUndiciTransport: options.${name} must be an integer >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}
