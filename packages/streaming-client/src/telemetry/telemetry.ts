/**
 * The observability port the streaming client reports through. `@snowpipe/telemetry-otel`
 * implements it with OpenTelemetry; {@link noopTelemetry} is the default. Implementations must
 * never receive secrets: the client passes URLs without query secrets and no header values.
 */
export interface Telemetry {
  /**
   * Starts a logical SDK operation (one INTERNAL span in OpenTelemetry terms). The client runs
   * the operation's work inside {@link OperationScope.run} so token refreshes and HTTP attempts
   * made inside it nest under it.
   */
  startOperation(name: OperationName, attributes: TelemetryAttributes): OperationScope;
  /** Metrics the client records outside any single operation. */
  readonly metrics?: ClientMetrics;
  /**
   * Observer the client attaches to its retry coordinator (structurally a `RetryObserver`
   * from `@snowpipe/retry`).
   */
  readonly retryObserver?: object;
  /**
   * Observer the client attaches to its token guards (structurally a `TokenGuardObserver`
   * from `@snowpipe/token-guard`).
   */
  readonly tokenObserver?: object;
}

/** The SDK operations that get a logical span. */
export type OperationName =
  | 'snowpipe.open_channel'
  | 'snowpipe.append_batch'
  | 'snowpipe.flush'
  | 'snowpipe.status_poll'
  | 'snowpipe.close_channel'
  | 'snowpipe.drop_channel'
  | 'snowpipe.discover_host'
  | 'snowpipe.exchange_token'
  | 'snowpipe.elastic_append';

/** Attribute values: no secrets, ever. */
export type TelemetryAttributes = Record<string, string | number | boolean | undefined>;

/** A running logical operation. */
export interface OperationScope {
  /** Runs `fn` with this operation as the active context (so nested work becomes its child). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Starts one HTTP attempt (one CLIENT span) under this operation. */
  httpAttempt(info: HttpAttemptInfo): HttpAttemptScope;
  /** Adds attributes discovered while the operation runs (row counts, bytes, …). */
  setAttributes(attributes: TelemetryAttributes): void;
  /** Records a named event on the operation. */
  event(name: string, attributes?: TelemetryAttributes): void;
  /** Ends the operation; an `error` marks it failed. */
  end(error?: unknown): void;
}

/** What the client knows when an HTTP attempt starts. */
export interface HttpAttemptInfo {
  /** The HTTP method, upper case. */
  method: string;
  /** The URL with query parameters that could carry secrets removed. */
  url: string;
  /** Host name the attempt goes to. */
  serverAddress: string;
  /** Port the attempt goes to (443 or 80 when the URL names none). */
  serverPort: number;
  /** 0 for the first attempt, then 1, 2, … (`http.request.resend_count`). */
  resendCount: number;
}

/** A running HTTP attempt. */
export interface HttpAttemptScope {
  /** Ends the attempt with its status (when a response arrived) or an error type. */
  end(result: { status?: number; errorType?: string; protocolVersion?: string }): void;
}

/** Client-level metrics. */
export interface ClientMetrics {
  /** Rows and uncompressed bytes of an append the service accepted. */
  rowsAppended(rows: number, bytes: number, attributes: TelemetryAttributes): void;
  /** Bytes the client holds now (buffered, in flight, or sent but not yet committed). */
  bufferedBytes(bytes: number): void;
  /** Time from an append being accepted to its rows being committed, in ms. */
  commitLag(ms: number, attributes: TelemetryAttributes): void;
  /**
   * Rows the service parsed and rejected (an increase of a channel's `rows_error_count`); such
   * rows are skipped, not retried. Optional, so older implementations still fit.
   */
  rowsRejected?(rows: number, attributes: TelemetryAttributes): void;
}

const noopAttempt: HttpAttemptScope = { end: () => undefined };
const noopScope: OperationScope = {
  run: (fn) => fn(),
  httpAttempt: () => noopAttempt,
  setAttributes: () => undefined,
  event: () => undefined,
  end: () => undefined,
};

/** A telemetry that records nothing: the default. */
export const noopTelemetry: Telemetry = Object.freeze({
  startOperation: () => noopScope,
});
