import { isAttemptTimeoutError, isRetryError } from '@snowpipe/retry';
import { isStreamingIngestError, StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { isTransportError } from '@snowpipe/transport-contract';
import { plainHttpHint } from '../config/plain-http-hint.js';

// A TLS handshake with a plain-HTTP server is a configuration mistake, not a network blip: say so.
function withHint(message: string, error: unknown): string {
  const hint = plainHttpHint(error);
  return hint === undefined ? message : `${message}; ${hint}`;
}

/**
 * What `send` rejects with: a final service error as it is (its service `code` intact); an
 * exhausted retry as `RETRY_EXHAUSTED` (details: `reason`, `attempts`, `lastCode`; `cause` the
 * `RetryError`); a network failure as `NETWORK` (an oversized or garbled response as
 * `INVALID_RESPONSE`).
 */
export function toClientError(error: unknown, operation: string, requestId: string): unknown {
  if (isRetryError(error)) {
    const last = error.cause;
    if (error.code === 'NOT_RETRYABLE') return toClientError(last, operation, requestId);
    const attempts = error.outcome.attempts.length;
    const lastCode =
      isStreamingIngestError(last) || isTransportError(last) || isAttemptTimeoutError(last)
        ? last.code
        : undefined;
    const status = isStreamingIngestError(last) ? last.httpStatus : undefined;
    const why = last instanceof Error ? last.message : 'unknown error';
    return new StreamingIngestError(
      withHint(`${operation} gave up after ${attempts} attempt(s) (${error.code}): ${why}`, error),
      {
        code: 'RETRY_EXHAUSTED',
        httpStatus: status,
        requestId,
        cause: error,
        details: { reason: error.code, attempts, ...(lastCode !== undefined ? { lastCode } : {}) },
      },
    );
  }
  if (isAttemptTimeoutError(error)) {
    return new StreamingIngestError(
      `${operation} failed: no answer within ${error.timeoutMs} ms (requestId ${requestId})`,
      {
        code: 'REQUEST_TIMEOUT',
        requestId,
        cause: error,
        details: { timeoutMs: error.timeoutMs, mayHaveReachedServer: true },
      },
    );
  }
  if (isTransportError(error)) {
    const garbled = error.code === 'BODY_TOO_LARGE' || error.code === 'PROTOCOL';
    return new StreamingIngestError(
      withHint(`${operation} failed: ${error.message} (requestId ${requestId})`, error),
      {
        code: garbled ? 'INVALID_RESPONSE' : 'NETWORK',
        requestId,
        cause: error,
        details: { transportCode: error.code, mayHaveReachedServer: error.mayHaveReachedServer },
      },
    );
  }
  return error;
}
