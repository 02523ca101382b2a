/**
 * Attribute, span, event and metric names this package emits. HTTP names are the stable
 * OpenTelemetry semantic conventions, written out so nothing but `@opentelemetry/api` is needed
 * at run time.
 */
export const ATTR = Object.freeze({
  /** HTTP method of a CLIENT span (`_OTHER` for a method outside the known set). */
  httpMethod: 'http.request.method',
  /** The original method when `http.request.method` is `_OTHER`. */
  httpMethodOriginal: 'http.request.method_original',
  /** HTTP status code of the response. */
  httpStatus: 'http.response.status_code',
  /** How many times this request was sent before (only set when above 0). */
  httpResendCount: 'http.request.resend_count',
  /** HTTP version the response came over, when the transport reports it. */
  networkProtocolVersion: 'network.protocol.version',
  /** Host name of the server the attempt went to. */
  serverAddress: 'server.address',
  /** Port of the server the attempt went to. */
  serverPort: 'server.port',
  /** The request URL, credentials removed and secret-looking values redacted. */
  urlFull: 'url.full',
  /** URL scheme, `http` or `https`. */
  urlScheme: 'url.scheme',
  /** Error code or class of a failure (never its message). */
  errorType: 'error.type',
  /** The SDK operation a retry belongs to, e.g. `append_batch`. */
  operation: 'snowpipe.operation',
  /** The attempt that failed and is retried, 1-based. */
  retryAttempt: 'snowpipe.retry.attempt',
  /** Delay before the next attempt, in ms. */
  retryDelayMs: 'snowpipe.retry.delay_ms',
  /** Where the delay came from: `backoff` or `retry_after`. */
  retryDelaySource: 'snowpipe.retry.delay_source',
  /** The error kind that caused the retry. */
  retryReason: 'snowpipe.retry.reason',
  /** Why the coordinator gave up, e.g. `attempts_exhausted`. */
  retryGiveUpReason: 'snowpipe.retry.give_up_reason',
  /** Identifies one token refresh across its span, events and escalation. */
  tokenAttemptId: 'snowpipe.token.attempt_id',
  /** Why the token was refreshed: `initial`, `proactive`, `forced` or `clock_jump`. */
  tokenReason: 'snowpipe.token.refresh_reason',
  /** The token kind, e.g. `keypair_jwt` or `pat`. */
  tokenKind: 'snowpipe.token.kind',
  /** How the refresh ended: `success` or `failure`. */
  tokenOutcome: 'snowpipe.token.outcome',
  /** When the new token was issued, epoch ms. */
  tokenIssuedAtMs: 'snowpipe.token.issued_at_ms',
  /** When the new token expires, epoch ms. */
  tokenExpiresAtMs: 'snowpipe.token.expires_at_ms',
  /** How long the refresh took, backoff included, in ms. */
  tokenDurationMs: 'snowpipe.token.duration_ms',
  /** Attempts the refresh made. */
  tokenAttempts: 'snowpipe.token.attempts',
  /** Backoff and jitter slept during the refresh, in ms. */
  tokenDelayMs: 'snowpipe.token.delay_ms',
  /** Failed refreshes in a row, this one included. */
  tokenConsecutiveFailures: 'snowpipe.token.consecutive_failures',
});

/** Span names that are not operation names. */
export const SPAN = Object.freeze({
  /** Span of one token refresh. */
  tokenRefresh: 'snowpipe.token_refresh',
  /** Span of a token escalation that arrives with no refresh span open. */
  tokenEscalation: 'snowpipe.token_escalation',
});

/** Event names. */
export const EVENT = Object.freeze({
  /** Event added to the active span when a retry is scheduled. */
  retry: 'snowpipe.retry',
  /** Event added to the active span when a retry coordinator gives up. */
  retryGiveUp: 'snowpipe.retry.give_up',
  /** Event recorded when repeated refresh failures escalate. */
  tokenEscalation: 'snowpipe.token.escalation',
});

/** Metric instrument names. */
export const METRIC = Object.freeze({
  /** Histogram of HTTP attempt durations, in seconds. */
  httpDuration: 'http.client.request.duration',
  /** Counter of rows appended to channels (accepted by the service). */
  rowsAppended: 'snowpipe.rows.appended',
  /** Counter of rows the service parsed and rejected (skipped, never retried). */
  rowsRejected: 'snowpipe.rows.rejected',
  /** Counter of bytes of row data appended to channels. */
  bytesAppended: 'snowpipe.append.size',
  /** Counter of retries scheduled, by reason. */
  retries: 'snowpipe.retries',
  /** Counter of token refreshes, by outcome and reason. */
  tokenRefreshes: 'snowpipe.token.refreshes',
  /** Counter of token refresh escalations. */
  tokenEscalations: 'snowpipe.token.escalations',
  /** Histogram of the time from an accepted append to its commit, in seconds. */
  commitLag: 'snowpipe.commit.lag',
  /** Gauge of bytes buffered in the client, not yet sent. */
  bufferedBytes: 'snowpipe.buffer.usage',
});
