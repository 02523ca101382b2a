import { classifyHttpError, isAttemptTimeoutError } from '@snowpipe/retry';
import type { AttemptContext, Classification, Classifier } from '@snowpipe/retry';
import { isTransportError } from '@snowpipe/transport-contract';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { TransportErrorCode } from '@snowpipe/transport-contract';

// 409s the service documents as "retry with backoff" (reference §9.2).
const RETRYABLE_CODES = new Set(['ERR_OPEN_CHANNEL_IN_PROGRESS']);
// Already the end of a retry loop (a nested token fetch) or a response that may have been applied.
const FINAL_CODES = new Set([
  'RETRY_EXHAUSTED',
  'REFRESH_ESCALATED',
  'INVALID_RESPONSE',
  'CLIENT_CLOSED',
]);

const NETWORK_RETRYABLE: ReadonlySet<TransportErrorCode> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'TIMEOUT',
  'PROTOCOL',
  'UNKNOWN',
]);

/**
 * The client's retry classifier: HTTP statuses as `classifyHttpError` (408/429/5xx retryable,
 * honouring `retryAfterMs`), plus 499 and `ERR_OPEN_CHANNEL_IN_PROGRESS`; transport errors by code
 * (`BODY_TOO_LARGE` and `ABORTED` are final). With `idempotentOnly`, a network error is retried
 * only when the request cannot have reached the server.
 */
export function createServiceClassifier(mode: 'default' | 'none' | 'idempotent-only'): Classifier {
  return (error: unknown, context: AttemptContext): Classification => {
    const base = classifyServiceError(error, context);
    if (base.type !== 'retryable') return base;
    if (mode === 'none')
      return { type: 'not_retryable', errorKind: base.errorKind, ...statusOf(base) };
    // A request abandoned after its timeout may have been applied, like a reset after send.
    const mayHaveReached =
      isAttemptTimeoutError(error) || (isTransportError(error) && error.mayHaveReachedServer);
    if (mode === 'idempotent-only' && mayHaveReached) {
      return { type: 'not_retryable', errorKind: base.errorKind };
    }
    return base;
  };
}

function statusOf(c: { status?: number }): { status?: number } {
  return c.status === undefined ? {} : { status: c.status };
}

/** Classification without the per-request mode (see {@link createServiceClassifier}). */
export function classifyServiceError(error: unknown, context: AttemptContext): Classification {
  if (isTransportError(error)) {
    if (error.code === 'ABORTED') {
      return context.signal?.aborted
        ? { type: 'aborted' }
        : { type: 'not_retryable', errorKind: 'network' };
    }
    if (NETWORK_RETRYABLE.has(error.code)) {
      return { type: 'retryable', errorKind: error.code === 'TIMEOUT' ? 'timeout' : 'network' };
    }
    return { type: 'not_retryable', errorKind: 'network' };
  }
  if (isStreamingIngestError(error)) {
    if (error.httpStatus === undefined || FINAL_CODES.has(error.code)) {
      return { type: 'not_retryable', errorKind: 'client' };
    }
    if (error.name === 'AuthenticationError') {
      return { type: 'not_retryable', errorKind: 'auth', status: error.httpStatus };
    }
    if (RETRYABLE_CODES.has(error.code) || error.httpStatus === 499) {
      const hint = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
      return { type: 'retryable', errorKind: 'transient', status: error.httpStatus, ...hint };
    }
  }
  return classifyHttpError(error, context);
}
