import { isRetryError } from '@snowpipe/retry';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { isTransportError } from '../transport/transport-error.js';

const REOPEN_CODES = new Set([
  'STALE_CONTINUATION_TOKEN_SEQUENCER',
  'ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED',
  'ERR_CHANNEL_NO_LONGER_EXISTS',
  'STALE_PIPE_CACHE',
]);

// Ours, raised by the connection when the outcome of a request is unknown.
const AMBIGUOUS_CODES = new Set(['NETWORK', 'RETRY_EXHAUSTED', 'INVALID_RESPONSE']);

/**
 * True when the retries that gave up belong to another operation than `operation`: a token
 * exchange or host discovery that failed on the way to the channel call. Reopening cannot fix
 * those (the reopen needs the same token), so they fail the channel as they are.
 */
function failedInAnotherOperation(error: unknown, operation: string): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 8 && typeof e === 'object' && e !== null; depth++) {
    if (isRetryError(e)) return e.outcome.operation !== operation;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether a failure of `operation` (`append_rows`, `open_channel`) is one recovery (reopen +
 * replay) can fix: a stale continuation token, a 409 invalidation, or an ambiguous outcome
 * (network error after send, retries exhausted on a retryable status). Authentication, token and
 * request errors are not: they fail the channel.
 */
export function isRecoverableFailure(error: unknown, operation: string): boolean {
  if (failedInAnotherOperation(error, operation)) return false;
  if (isTransportError(error)) return true;
  if (!isStreamingIngestError(error)) return false;
  if (error.name === 'AuthenticationError' || error.name === 'ConfigurationError') return false;
  const { code, httpStatus } = error;
  if (REOPEN_CODES.has(code) || AMBIGUOUS_CODES.has(code)) return true;
  if (
    code.startsWith('ERR_CHANNEL_MUST_BE_REOPENED') ||
    code.startsWith('ERR_CHANNEL_HAS_INVALID_')
  ) {
    return true;
  }
  if (error.name === 'InvalidChannelError') return true;
  if (httpStatus === undefined) return false;
  return httpStatus === 408 || httpStatus === 429 || httpStatus === 499 || httpStatus >= 500;
}
