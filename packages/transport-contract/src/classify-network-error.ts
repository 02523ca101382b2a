import type { TransportErrorCode } from './transport-error.js';

/** How a low-level network error maps onto the transport contract. */
export interface NetworkErrorClass {
  /** The transport error code the error maps to. */
  code: TransportErrorCode;
  /** Whether the request may have reached the server (a refused connection never did). */
  mayHaveReachedServer: boolean;
  /** Short human description, safe to put in a message (no request data). */
  description: string;
}

type Entry = readonly [TransportErrorCode, boolean, string];

// Node and undici codes seen in the `cause` chain of a failed fetch. A refused or unresolved
// connection never carried the request; anything later may have, so it stays `true`.
const BY_CODE: Readonly<Record<string, Entry>> = {
  ECONNREFUSED: ['ECONNREFUSED', false, 'connection refused'],
  EHOSTUNREACH: ['ECONNREFUSED', false, 'host unreachable'],
  ENETUNREACH: ['ECONNREFUSED', false, 'network unreachable'],
  ENOTFOUND: ['ENOTFOUND', false, 'host not found'],
  EAI_AGAIN: ['ENOTFOUND', false, 'host lookup failed'],
  ECONNRESET: ['ECONNRESET', true, 'connection reset'],
  ECONNABORTED: ['ECONNRESET', true, 'connection aborted'],
  EPIPE: ['ECONNRESET', true, 'connection reset while sending'],
  UND_ERR_SOCKET: ['ECONNRESET', true, 'connection closed by the server'],
  UND_ERR_CONNECT_TIMEOUT: ['TIMEOUT', false, 'connect timed out'],
  ETIMEDOUT: ['TIMEOUT', true, 'timed out'],
  UND_ERR_HEADERS_TIMEOUT: ['TIMEOUT', true, 'timed out waiting for response headers'],
  UND_ERR_BODY_TIMEOUT: ['TIMEOUT', true, 'timed out reading the response body'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ['PROTOCOL', true, 'response length mismatch'],
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: ['PROTOCOL', false, 'request length mismatch'],
  UND_ERR_INFO: ['PROTOCOL', true, 'invalid response'],
  UND_ERR_CLOSED: ['ABORTED', false, 'dispatcher closed'],
  UND_ERR_DESTROYED: ['ABORTED', true, 'dispatcher destroyed'],
  UND_ERR_ABORTED: ['ABORTED', true, 'request aborted'],
};

const UNKNOWN: NetworkErrorClass = {
  code: 'UNKNOWN',
  mayHaveReachedServer: true,
  description: 'network error',
};

/**
 * Maps an error thrown by `fetch` (or anything in its `cause` chain) to a transport error code.
 * Unknown errors are `UNKNOWN` and may have reached the server (the safe assumption).
 */
export function classifyNetworkError(error: unknown): NetworkErrorClass {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      const entry = BY_CODE[code] ?? (code.startsWith('HPE_') ? BY_CODE.UND_ERR_INFO : undefined);
      if (entry !== undefined) {
        return { code: entry[0], mayHaveReachedServer: entry[1], description: entry[2] };
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return UNKNOWN;
}

/**
 * `METHOD origin/path` for error messages: never the query string (it may carry tokens) and
 * never header values.
 */
export function describeTarget(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `${method} ${parsed.origin}${parsed.pathname}`;
  } catch {
    return method;
  }
}
