import { parseRetryAfter } from '@snowpipe/retry';
import { AuthenticationError } from '../errors/authentication-error.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { TransportResponse } from '@snowpipe/transport-contract';
import { parseErrorBody } from './parse-error-body.js';

/**
 * Turns a non-2xx response into a `StreamingIngestError` (an `AuthenticationError` for 401/403)
 * with the normalised service `code`, the HTTP status, the `requestId` sent and the
 * `Retry-After` hint.
 */
export function responseError(
  operation: string,
  res: TransportResponse,
  requestId: string,
  nowMs: number,
): StreamingIngestError {
  const { code, message } = parseErrorBody(res.body);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  const text = `${operation} failed: HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''} (requestId ${requestId})`;
  const init = {
    code:
      code ?? (res.status === 401 || res.status === 403 ? 'AUTHENTICATION_FAILED' : 'HTTP_ERROR'),
    httpStatus: res.status,
    requestId,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
  return res.status === 401 || res.status === 403
    ? new AuthenticationError(text, init)
    : new StreamingIngestError(text, init);
}
