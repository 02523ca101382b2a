/**
 * Attribute, span, event and metric names this package emits. HTTP names are the stable
 * OpenTelemetry semantic conventions, written out so nothing but `@opentelemetry/api` is needed
 * at run time.
 */
export const ATTR = Object.freeze({
  httpMethod: 'http.request.method',
  httpMethodOriginal: 'http.request.method_original',
  httpStatus: 'http.response.status_code',
  httpResendCount: 'http.request.resend_count',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlFull: 'url.full',
  urlScheme: 'url.scheme',
  errorType: 'error.type',
  operation: 'snowpipe.operation',
  retryAttempt: 'snowpipe.retry.attempt',
  retryDelayMs: 'snowpipe.retry.delay_ms',
  retryDelaySource: 'snowpipe.retry.delay_source',
  retryReason: 'snowpipe.retry.reason',
  retryGiveUpReason: 'snowpipe.retry.give_up_reason',
  tokenAttemptId: 'snowpipe.token.attempt_id',
  tokenReason: 'snowpipe.token.refresh_reason',
  tokenKind: 'snowpipe.token.kind',
  tokenOutcome: 'snowpipe.token.outcome',
  tokenIssuedAtMs: 'snowpipe.token.issued_at_ms',
  tokenExpiresAtMs: 'snowpipe.token.expires_at_ms',
  tokenDurationMs: 'snowpipe.token.duration_ms',
  tokenAttempts: 'snowpipe.token.attempts',
  tokenDelayMs: 'snowpipe.token.delay_ms',
  tokenConsecutiveFailures: 'snowpipe.token.consecutive_failures',
});

/** Span names that are not operation names. */
export const SPAN = Object.freeze({
  tokenRefresh: 'snowpipe.token_refresh',
  tokenEscalation: 'snowpipe.token_escalation',
});

/** Event names. */
export const EVENT = Object.freeze({
  retry: 'snowpipe.retry',
  retryGiveUp: 'snowpipe.retry.give_up',
  tokenEscalation: 'snowpipe.token.escalation',
});

/** Metric instrument names. */
export const METRIC = Object.freeze({
  httpDuration: 'http.client.request.duration',
  rowsAppended: 'snowpipe.rows.appended',
  rowsRejected: 'snowpipe.rows.rejected',
  bytesAppended: 'snowpipe.bytes.appended',
  retries: 'snowpipe.retries',
  tokenRefreshes: 'snowpipe.token.refreshes',
  tokenEscalations: 'snowpipe.token.escalations',
  commitLag: 'snowpipe.commit.lag',
  bufferedBytes: 'snowpipe.buffered.bytes',
});
