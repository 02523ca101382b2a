import { isRetryError } from '@snowpipe/retry';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { isTransportError } from '@snowpipe/transport-contract';

/**
 * What a channel does about a failed append or reopen: `fence` (another writer opened the
 * channel after this writer's latest open: stop, never reopen), `reopen` (reopen and replay what
 * is not known committed), or `fail` (the channel fails with the error as it is).
 * docs/error-classification.md gives the sources for each service code.
 */
export type ChannelFailureAction = 'fence' | 'reopen' | 'fail';

/**
 * The service's answers to a continuation token whose client sequencer is not the channel's
 * current one. Every open bumps the sequencer (reference §5.1, §10.2), and this writer's appends
 * always carry the token of its own latest open, so these mean someone opened the channel after
 * us: a takeover. Reopening would steal the channel back and discard the other writer's rows.
 */
const TAKEOVER_CODES = new Set([
  'STALE_CONTINUATION_TOKEN_SEQUENCER',
  'ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER',
]);

/** Invalidations a reopen fixes (the reopen itself then checks for lost state and takeovers). */
const REOPEN_CODES = new Set([
  'ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED',
  'ERR_CHANNEL_NO_LONGER_EXISTS',
  'ERR_CHANNEL_HAS_INVALID_ROW_SEQUENCER',
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

/** Whether `code` (a service code) says another writer opened the channel after this one. */
export function isTakeoverCode(code: string): boolean {
  return TAKEOVER_CODES.has(code);
}

/**
 * Classifies a failure of `operation` (`append_rows`, `open_channel`). A takeover fences (or, with
 * `reclaim`, reopens: the user chose to steal the channel back). Other invalidations and
 * ambiguous outcomes (network error after send, retries exhausted on a retryable status) reopen.
 * Authentication, token and request errors fail the channel.
 */
export function classifyChannelFailure(
  error: unknown,
  operation: string,
  reclaim = false,
): ChannelFailureAction {
  if (failedInAnotherOperation(error, operation)) return 'fail';
  if (isTransportError(error)) return 'reopen';
  if (!isStreamingIngestError(error)) return 'fail';
  if (error.name === 'AuthenticationError' || error.name === 'ConfigurationError') return 'fail';
  const { code, httpStatus } = error;
  if (TAKEOVER_CODES.has(code)) return reclaim ? 'reopen' : 'fence';
  if (REOPEN_CODES.has(code) || AMBIGUOUS_CODES.has(code)) return 'reopen';
  if (code.startsWith('ERR_CHANNEL_MUST_BE_REOPENED')) return 'reopen';
  if (error.name === 'InvalidChannelError') return 'reopen';
  if (httpStatus === undefined) return 'fail';
  return httpStatus === 408 || httpStatus === 429 || httpStatus === 499 || httpStatus >= 500
    ? 'reopen'
    : 'fail';
}
