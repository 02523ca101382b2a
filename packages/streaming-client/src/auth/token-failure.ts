import { AuthenticationError } from '../errors/authentication-error.js';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';

/**
 * What a failed token fetch surfaces as: the abort reason, the service error behind the guard's
 * `TokenRefreshError` (e.g. the exchange's `RETRY_EXHAUSTED` or `AuthenticationError`), or an
 * `AuthenticationError` wrapping anything else.
 */
export function tokenFailure(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  for (
    let e: unknown = error, depth = 0;
    depth < 6 && typeof e === 'object' && e !== null;
    depth++
  ) {
    if (isStreamingIngestError(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return new AuthenticationError('could not obtain an access token', { cause: error });
}
