import type { ResolvedClientConfig } from '../config/resolved-config.js';
import type { ServiceConnection } from '../http/service-types.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { Clock } from '@snowpipe/retry';
import type { Logger } from '../config/logger.js';

/** What an Elastic append resolves with (and what the success handler receives). */
export interface ElasticAppendResult {
  requestId: string;
  /** Retries made (0 = first attempt succeeded). */
  retryCount: number;
  rowCount: number;
}

/** What the error handler receives. */
export interface ElasticAppendFailure {
  requestId: string;
  retryCount: number;
  rowCount: number;
  error: unknown;
}

/** The client's implicit, stateless, at-least-once `ELASTIC` channel. */
export interface ElasticChannel {
  readonly name: 'ELASTIC';
  appendRow(row: unknown, appendToken?: string | null): void;
  appendRows(rows: readonly unknown[], appendToken?: string | null): void;
  appendRowWithWait(row: unknown, appendToken?: string | null): Promise<ElasticAppendResult>;
  appendRowsWithWait(
    rows: readonly unknown[],
    appendToken?: string | null,
  ): Promise<ElasticAppendResult>;
  setSuccessHandler(handler: ((result: ElasticAppendResult) => void) | undefined): void;
  setErrorHandler(handler: ((failure: ElasticAppendFailure) => void) | undefined): void;
  /** Resolves once every fire-and-forget append has settled. */
  initiateFlush(): Promise<void>;
}

/** Options of {@link createElasticChannel}. */
export interface ElasticChannelOptions {
  connection: ServiceConnection;
  config: ResolvedClientConfig;
  telemetry?: Telemetry;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
}

/** Creates the Elastic channel (stub). */
export function createElasticChannel(_options: ElasticChannelOptions): ElasticChannel {
  throw new Error('not implemented yet');
}
