import type { AttemptContext, Classification, Classifier, ErrorKind } from './classification.js';
import { parseRetryAfter } from './parse-retry-after.js';

const RETRYABLE_STATUS: ReadonlyMap<number, ErrorKind> = new Map<number, ErrorKind>([
  [408, 'timeout'],
  [429, 'throttling'],
  [500, 'server'],
  [502, 'transient'],
  [503, 'transient'],
  [504, 'timeout'],
]);

const NETWORK_CODES: ReadonlyMap<string, ErrorKind> = new Map<string, ErrorKind>([
  ['ECONNRESET', 'network'],
  ['ECONNREFUSED', 'network'],
  ['ECONNABORTED', 'network'],
  ['EPIPE', 'network'],
  ['ENOTFOUND', 'network'],
  ['EAI_AGAIN', 'network'],
  ['ENETUNREACH', 'network'],
  ['ENETDOWN', 'network'],
  ['EHOSTUNREACH', 'network'],
  ['EHOSTDOWN', 'network'],
  ['UND_ERR_SOCKET', 'network'],
  ['UND_ERR_CLOSED', 'network'],
  ['ETIMEDOUT', 'timeout'],
  ['TIMEOUT', 'timeout'],
  ['ATTEMPT_TIMEOUT', 'timeout'],
  ['ERR_SOCKET_CONNECTION_TIMEOUT', 'timeout'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
]);

const ABORT_CODES: readonly string[] = ['ABORTED', 'ABORT_ERR', 'UND_ERR_ABORTED'];

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  httpStatus?: unknown;
  statusCode?: unknown;
  retryAfterMs?: unknown;
  headers?: unknown;
  cause?: unknown;
}

/**
 * The default classifier for HTTP callers. Reads `status ?? httpStatus ?? statusCode`: 408, 429,
 * 500, 502, 503, 504 are retryable (with a hint from `retryAfterMs` or a `retry-after` header),
 * other statuses are not. Network error codes (`ECONNRESET`, `UND_ERR_SOCKET`, `TIMEOUT`, …, also
 * one or two `cause`s deep) are retryable; `AbortError` or code `ABORTED` is aborted; anything
 * else is not retryable.
 * @example
 * createRetryCoordinator({ classify: classifyHttpError });
 */
export const classifyHttpError: Classifier = (
  error: unknown,
  context: AttemptContext,
): Classification => {
  if (typeof error !== 'object' || error === null) {
    return { type: 'not_retryable', errorKind: 'unknown' };
  }
  const e = error as ErrorShape;
  if (e.name === 'AbortError' || (typeof e.code === 'string' && ABORT_CODES.includes(e.code))) {
    return { type: 'aborted' };
  }
  const status = firstNumber(e.status, e.httpStatus, e.statusCode);
  if (status !== undefined) return classifyStatus(status, e, context);
  if (e.name === 'TimeoutError') return { type: 'retryable', errorKind: 'timeout' };
  // fetch wraps socket errors: TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }).
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as ErrorShape).code;
    const kind = typeof code === 'string' ? NETWORK_CODES.get(code) : undefined;
    if (kind !== undefined) return { type: 'retryable', errorKind: kind };
    current = (current as ErrorShape).cause;
  }
  return { type: 'not_retryable', errorKind: 'unknown' };
};

function classifyStatus(status: number, e: ErrorShape, context: AttemptContext): Classification {
  const kind = RETRYABLE_STATUS.get(status);
  if (kind !== undefined) {
    const retryAfterMs = retryHint(e, context);
    return retryAfterMs === undefined
      ? { type: 'retryable', errorKind: kind, status }
      : { type: 'retryable', errorKind: kind, status, retryAfterMs };
  }
  const errorKind: ErrorKind =
    status === 401 || status === 403
      ? 'auth'
      : status >= 400 && status < 500
        ? 'client'
        : status >= 500 && status < 600
          ? 'server'
          : 'unknown';
  return { type: 'not_retryable', errorKind, status };
}

function retryHint(e: ErrorShape, context: AttemptContext): number | undefined {
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0 && e.retryAfterMs < Infinity) {
    return e.retryAfterMs;
  }
  const raw = headerValue(e.headers, 'retry-after');
  return raw === undefined ? undefined : parseRetryAfter(raw, context.nowMs ?? Number.NaN);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as { get?: unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? (h.get as (n: string) => unknown)(name) : h[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const v of values) if (typeof v === 'number' && Number.isInteger(v)) return v;
  return undefined;
}
