const BRAND = Symbol.for('@snowpipe/streaming-ingest-error');

/**
 * Codes the client itself raises (service codes such as `STALE_CONTINUATION_TOKEN_SEQUENCER`
 * pass through unchanged as plain strings).
 */
export type ClientErrorCode =
  | 'INVALID_CONFIGURATION'
  | 'AUTHENTICATION_FAILED'
  | 'ROW_NOT_SERIALIZABLE'
  | 'ROW_TOO_LARGE'
  | 'INVALID_ENCODED_ROW'
  | 'ROW_COUNT_MISMATCH'
  | 'BUFFER_FULL'
  | 'CLIENT_CLOSED'
  | 'CHANNEL_CLOSED'
  | 'COMMIT_TIMEOUT'
  | 'CLOSE_TIMEOUT'
  | 'FLUSH_TIMEOUT'
  | 'REPLAY_IMPOSSIBLE'
  | 'RECOVERY_EXHAUSTED'
  | 'CHANNEL_TAKEN_OVER'
  | 'CHANNEL_STATE_LOST'
  | 'CHANNEL_ALREADY_OPEN'
  | 'INVALID_OFFSET_TOKEN'
  | 'INVALID_CHANNEL_NAME'
  | 'APPEND_TOO_LARGE'
  | 'NETWORK'
  | 'RETRY_EXHAUSTED'
  | 'REQUEST_TIMEOUT'
  | 'CHANNEL_STALLED'
  | 'CLOSE_ABORTED'
  | 'INVALID_RESPONSE'
  | 'HTTP_ERROR'
  | 'REFRESH_ESCALATED';

/** Everything a {@link StreamingIngestError} can be constructed with. */
export interface StreamingIngestErrorInit {
  /** A service code (e.g. `ERR_CHANNEL_MUST_BE_REOPENED`) or one of {@link ClientErrorCode}. */
  code: ClientErrorCode | (string & {});
  /** HTTP status of the response that caused the error, when there was one. */
  httpStatus?: number | undefined;
  /** The `requestId` query value sent with the failed request. */
  requestId?: string | undefined;
  /** Server hint (from `Retry-After`) in milliseconds; read by the retry classifier. */
  retryAfterMs?: number | undefined;
  /** The underlying error. */
  cause?: unknown;
  /**
   * Extra non-secret facts about the failure, e.g. `{ fromOffsetToken, toOffsetToken }` for
   * `REPLAY_IMPOSSIBLE`.
   */
  details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The base error of `@snowpipe/streaming-client`. `code` mirrors the service's code when the
 * service sent one, or one of the client's own {@link ClientErrorCode}s. Messages never hold
 * secrets (tokens, keys, passphrases).
 * @example
 * try { await channel.appendRow(row); } catch (e) { if (isStreamingIngestError(e)) console.log(e.code); }
 */
export class StreamingIngestError extends Error {
  /** The class name: `'StreamingIngestError'` or the subclass's. */
  override name = 'StreamingIngestError';
  /** Stable code: a service code (e.g. `ERR_CHANNEL_MUST_BE_REOPENED`) or a {@link ClientErrorCode}. */
  readonly code: string;
  /** HTTP status of the response that caused the error; absent when there was none. */
  declare readonly httpStatus?: number;
  /** The `requestId` sent with the failed request; quote it to Snowflake support. */
  declare readonly requestId?: string;
  /** The server's delay hint (`Retry-After`), in ms; absent when it gave none. */
  declare readonly retryAfterMs?: number;
  /** Extra non-secret facts (e.g. the offset token range concerned); frozen. */
  declare readonly details?: Readonly<Record<string, unknown>>;
  /** @internal Marks instances for {@link isStreamingIngestError} across duplicate package copies. */
  readonly [BRAND] = true;

  constructor(message: string, init: StreamingIngestErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.details !== undefined) this.details = Object.freeze({ ...init.details });
  }
}

/**
 * Brand check that survives duplicate copies of the package: true for every
 * {@link StreamingIngestError} and its subclasses.
 */
export function isStreamingIngestError(error: unknown): error is StreamingIngestError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
