import { AuthenticationError } from '../errors/authentication-error.js';
import { StreamingIngestError, isStreamingIngestError } from '../errors/streaming-ingest-error.js';

const isEscalation = (e: object): boolean =>
  (e as { name?: unknown }).name === 'TokenRefreshError' &&
  (e as { code?: unknown }).code === 'REFRESH_ESCALATED';

/**
 * What a failed token fetch surfaces as: the abort reason, the service error behind the guard's
 * `TokenRefreshError` (e.g. the exchange's `RETRY_EXHAUSTED` or `AuthenticationError`), or an
 * `AuthenticationError` wrapping anything else. When the guard escalated (several refreshes in a
 * row failed), the error says so with code `REFRESH_ESCALATED`, keeping the guard's error (and
 * the service error behind it) as its cause.
 */
export function tokenFailure(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  let escalation: object | undefined;
  for (
    let e: unknown = error, depth = 0;
    depth < 6 && typeof e === 'object' && e !== null;
    depth++
  ) {
    if (!escalation && isEscalation(e)) escalation = e;
    if (isStreamingIngestError(e)) {
      if (!escalation) return e;
      return new StreamingIngestError(
        `token refresh escalated after repeated failures: ${e.message}`,
        {
          code: 'REFRESH_ESCALATED',
          httpStatus: e.httpStatus,
          requestId: e.requestId,
          cause: escalation,
        },
      );
    }
    e = (e as { cause?: unknown }).cause;
  }
  return new AuthenticationError('could not obtain an access token', { cause: error });
}
