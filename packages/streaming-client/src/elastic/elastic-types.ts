import type { Logger } from '../config/logger.js';
import type { ResolvedClientConfig } from '../config/resolved-config.js';
import type { ServiceConnection } from '../http/service-types.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/** One acknowledged Elastic request. */
export interface ElasticRequestResult {
  /** Same on every retry of this request. */
  requestId: string;
  /** Retries made (0 = the first attempt was acknowledged). */
  retryCount: number;
  /** Rows acknowledged (for a whole append: the sum over its requests). */
  rowCount: number;
}

/** What an Elastic append resolves with (and what the success handler receives). */
export interface ElasticAppendResult extends ElasticRequestResult {
  /** Every request the append was split into (one unless the rows passed 4 MiB on the wire). */
  requests: ElasticRequestResult[];
  /** The `appendToken` given to the append, echoed. */
  appendToken: string | null;
}

/** What the error handler receives. */
export interface ElasticAppendFailure {
  /** The request that failed. */
  requestId: string;
  /** Retries the failed request made before giving up. */
  retryCount: number;
  /** Rows the failure concerns: the failed request's, or the whole append's if none was sent. */
  rowCount: number;
  /** The `appendToken` given to the append, echoed. */
  appendToken: string | null;
  /** Why it failed (typically a `StreamingIngestError` with a stable `code`). */
  error: unknown;
  /** Requests of the same append acknowledged before the failure (their rows are durable). */
  acknowledged: ElasticRequestResult[];
}

/**
 * The client's implicit, stateless, at-least-once `ELASTIC` channel: no open, no offset tokens.
 * A retried request reuses its `requestId` and sends `retryCount` 1, 2, … so the service can flag
 * possible duplicates.
 */
export interface ElasticChannel {
  /** Always `'ELASTIC'`. */
  readonly name: 'ELASTIC';
  /** Fire and forget: the result goes to the success or error handler. Invalid rows throw here. */
  appendRow(row: unknown, appendToken?: string | null): void;
  /** Fire and forget, several rows (split into ≤ 4 MiB requests). Invalid rows throw here. */
  appendRows(rows: readonly unknown[], appendToken?: string | null): void;
  /** Resolves once the row is durably acknowledged. */
  appendRowWithWait(row: unknown, appendToken?: string | null): Promise<ElasticAppendResult>;
  /** Resolves once every request of the rows is durably acknowledged. */
  appendRowsWithWait(
    rows: readonly unknown[],
    appendToken?: string | null,
  ): Promise<ElasticAppendResult>;
  /** Receives the result of every fire-and-forget append; `undefined` removes it. */
  setSuccessHandler(handler: ((result: ElasticAppendResult) => void) | undefined): void;
  /** Receives every failed fire-and-forget append; `undefined` removes it (failures are then logged). */
  setErrorHandler(handler: ((failure: ElasticAppendFailure) => void) | undefined): void;
  /** Appends are sent at once; resolves when those in flight have settled. */
  initiateFlush(): Promise<void>;
  /** Resolves once every fire-and-forget append has settled (successfully or not). */
  waitForFlush(): Promise<void>;
}

/** Options of {@link createElasticChannel}. */
export interface ElasticChannelOptions {
  connection: ServiceConnection;
  config: ResolvedClientConfig;
  /** @default noopTelemetry */
  telemetry?: Telemetry | undefined;
  /** @default silent */
  logger?: Logger | undefined;
}
