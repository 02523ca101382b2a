/**
 * Structural copies of the ports this package implements. They are declared here (not imported)
 * so `@snowpipe/telemetry-otel` depends on nothing but `@opentelemetry/api` at run time; a type
 * test (`port-compat.test-d.ts`) proves they stay assignable to the real ones in
 * `@snowpipe/streaming-client`, `@snowpipe/retry` and `@snowpipe/token-guard`.
 */

/** Attribute values the client passes: primitives, `undefined` values are dropped. */
export type OtelTelemetryAttributes = Record<string, string | number | boolean | undefined>;

/** A monotonic millisecond clock (used to time HTTP attempts). */
export interface MonotonicClock {
  /** Monotonic milliseconds (like `performance.now()`). */
  monotonicNow(): number;
}

/** What the client knows when an HTTP attempt starts (mirrors `HttpAttemptInfo`). */
export interface OtelHttpAttemptInfo {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request URL; userinfo and secret-looking query values are removed again here. */
  url: string;
  /** Host name of the server (`server.address`). */
  serverAddress: string;
  /** Port of the server (`server.port`). */
  serverPort: number;
  /** 0 for the first attempt, then 1, 2, … (`http.request.resend_count`). */
  resendCount: number;
}

/** One running HTTP attempt: one CLIENT span plus one duration measurement. */
export interface OtelHttpAttemptScope {
  /** Ends the attempt with the response status, or an error type (transport error code). */
  end(result: { status?: number; errorType?: string; protocolVersion?: string }): void;
}

/** One running SDK operation: one INTERNAL span (mirrors `OperationScope`). */
export interface OtelOperationScope {
  /** Runs `fn` with this operation's span active, so nested spans become its children. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Starts one HTTP attempt (a CLIENT span) as a child of this operation. */
  httpAttempt(info: OtelHttpAttemptInfo): OtelHttpAttemptScope;
  /** Adds attributes to the operation span (undefined values are dropped). */
  setAttributes(attributes: OtelTelemetryAttributes): void;
  /** Adds a named event to the operation span. */
  event(name: string, attributes?: OtelTelemetryAttributes): void;
  /** Ends the span; an `error` sets status ERROR and `error.type` (never the message). */
  end(error?: unknown): void;
}

/** Client-level metrics (mirrors `ClientMetrics`). */
export interface OtelClientMetrics {
  /** Adds to `snowpipe.rows.appended` and `snowpipe.append.size`. */
  rowsAppended(rows: number, bytes: number, attributes: OtelTelemetryAttributes): void;
  /** Sets the `snowpipe.buffer.usage` gauge (last value wins). */
  bufferedBytes(bytes: number): void;
  /** Records one `snowpipe.commit.lag` sample (given in ms, recorded in seconds). */
  commitLag(ms: number, attributes: OtelTelemetryAttributes): void;
  /** Adds to `snowpipe.rows.rejected` (rows the service parsed and rejected). */
  rowsRejected(rows: number, attributes: OtelTelemetryAttributes): void;
}

/**
 * Structurally a `RetryObserver` from `@snowpipe/retry`. It has no `onAttempt`/`onSuccess` on
 * purpose: a coordinator skips its bookkeeping when no observer listens to those.
 */
export interface OtelRetryObserver {
  /** Adds a `snowpipe.retry` event to the active span and counts `snowpipe.retries`. */
  onRetry(e: {
    operation: string;
    attempt: number;
    delayMs: number;
    delaySource: string;
    errorKind: string;
    status?: number;
    error: unknown;
  }): void;
  /** Adds a `snowpipe.retry.give_up` event to the active span. */
  onGiveUp(e: { operation: string; reason: string; outcome: unknown; error: unknown }): void;
}

/** Structurally a `TokenGuardObserver` from `@snowpipe/token-guard`. */
export interface OtelTokenObserver {
  /** Opens a `snowpipe.token_refresh` span under the active context. */
  onRefreshStart(e: {
    attemptId: number;
    guard?: string;
    reason: string;
    kind?: string;
    atMs: number;
  }): void;
  /** Ends the refresh span with outcome `success` and counts `snowpipe.token.refreshes`. */
  onRefreshSuccess(e: {
    attemptId: number;
    guard?: string;
    reason: string;
    kind: string;
    issuedAtMs: number;
    expiresAtMs: number;
    durationMs: number;
    attempts: number;
    delayMs: number;
  }): void;
  /** Ends the refresh span with outcome `failure` and status ERROR. */
  onRefreshFailure(e: {
    attemptId: number;
    guard?: string;
    reason: string;
    errorKind: string;
    error: unknown;
    consecutiveFailures: number;
    durationMs: number;
    attempts: number;
  }): void;
  /** Adds a `snowpipe.token.escalation` event (status ERROR) and counts `snowpipe.token.escalations`. */
  onEscalation(e: {
    attemptId: number;
    guard?: string;
    reason: string;
    consecutiveFailures: number;
    error: unknown;
  }): void;
}

/**
 * What {@link createOtelTelemetry} returns: structurally the client's `Telemetry` port, with every
 * optional part filled in.
 */
export interface OtelTelemetry {
  /** Starts an SDK operation span (child of the active context). */
  startOperation(name: string, attributes: OtelTelemetryAttributes): OtelOperationScope;
  /** Client-level metrics. */
  readonly metrics: OtelClientMetrics;
  /** Pass to `createRetryCoordinator({ observer })`; the client attaches it itself. */
  readonly retryObserver: OtelRetryObserver;
  /** Pass to `createTokenGuard({ observer })`; the client attaches it itself. */
  readonly tokenObserver: OtelTokenObserver;
}
