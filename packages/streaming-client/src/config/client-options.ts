import type { Clock, RetryPlanOptions } from '@snowpipe/retry';
import type { Transport } from '../transport/transport.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { Logger } from './logger.js';
import type { BinaryInputFormat } from '../values/binary-input-format.js';

/** Token refresh knobs (token-guard's `RefreshPolicyOptions` plus guard options). */
export interface RefreshOptions {
  /** Refresh when less than this is left. @default min(120 s, 20 % of the token lifetime) */
  thresholdMs?: number;
  /** Minimum time between proactive refreshes. @default 300000 */
  minCooldownMs?: number;
  /** A token counts as expired this long before its `exp`. @default 30000 */
  maxSkewMs?: number;
  /** Start a background refresh this long before the threshold (0 = off). @default 0 */
  refreshAheadMs?: number;
  /** Consecutive failed refreshes before escalation. @default 3 */
  escalateAfter?: number;
}

/** Options of `createClient` (official SDK property names inside `properties`). */
export interface ClientOptions {
  /** Names this client in logs and telemetry. */
  clientName: string;
  dbName: string;
  schemaName: string;
  /** The streaming pipe; give this or `tableName`. */
  pipeName?: string;
  /** A table: the client uses its default pipe `<TABLE>-STREAMING`. */
  tableName?: string;
  /** An official-SDK `profile.json`; `properties` win over it. */
  profilePath?: string;
  /** Official-SDK properties (`url`, `account`, `user`, `private_key`, …). */
  properties?: Record<string, string | undefined>;
  /** @default createFetchTransport() */
  transport?: Transport;
  /** Retry plan for every request. @default DEFAULT_RETRY_PLAN of @snowpipe/retry */
  retry?: RetryPlanOptions;
  /** Token refresh policy for every guard. */
  refresh?: RefreshOptions;
  /** @default noopTelemetry */
  telemetry?: Telemetry;
  /** @default silent */
  logger?: Logger;
  /** @default systemClock */
  clock?: Clock;
  /** @default systemRandom */
  random?: () => number;
  /** Longest a row waits in the buffer before a flush. @default 1000 */
  maxClientLagMs?: number;
  /** Uncompressed bytes that make a batch full. @default 4194304 */
  maxBatchBytes?: number;
  /** Largest request body on the wire (the service's hard cap). @default 4194304 */
  maxRequestBytes?: number;
  /**
   * Bytes of rows the client holds (buffered, in flight, or sent and not yet committed) before
   * appends wait or fail. Request-body buffers that are partly written add about a quarter of
   * this on top (or 1 MiB per busy channel when a channel's share of that quarter is smaller), so
   * the client's row memory stays within about 1.25x this figure. Raise it for more throughput
   * when commits are slow: throughput is at most this divided by commit latency.
   * @default 33554432 (32 MiB)
   */
  maxBufferedBytes?: number;
  /** What an append does when the buffer is full. @default 'wait' */
  backpressure?: 'wait' | 'reject';
  /** Request body compression. @default 'gzip' */
  compression?: 'gzip' | 'zstd' | 'none';
  /**
   * How hard `compression` works: with `'gzip'` from 1 (fastest) to 9 (smallest), zlib's 6 when
   * unset; with `'zstd'` from 1 to 22, zstd's 3 when unset (on a Node without zstd, which sends
   * gzip instead, a level above 9 becomes 9). Compression is most of the client's CPU when it is
   * on, and low levels cost far less: gzip level 1 takes about half the CPU of level 6 (and a
   * fifth of level 9's) for bodies about 10 % larger. Not allowed with `compression: 'none'`.
   * @default the codec's own default
   */
  compressionLevel?: number;
  /** Reopen and replay automatically after invalidation. @default true */
  recovery?: boolean;
  /** Reopen attempts before `RECOVERY_EXHAUSTED`. @default 5 */
  maxRecoveryAttempts?: number;
  /** Orders offset tokens. @default numeric when both are integers, else lexicographic */
  offsetTokenComparator?: (a: string, b: string) => number;
  /** First commit-poll interval. @default 250 */
  commitPollIntervalMs?: number;
  /** Commit-poll backoff ceiling. @default 4000 */
  commitPollMaxIntervalMs?: number;
  /** Channel/client close timeout. @default 300000 */
  closeTimeoutMs?: number;
  /** `eager` authenticates in `createClient`; `lazy` on the first request. @default 'eager' */
  connect?: 'eager' | 'lazy';
  /**
   * How `Buffer`, `Uint8Array` and other `ArrayBuffer` view values are written into rows (the
   * official SDK's `binaryInputFormat`): `HEX`, `BASE64` or `UTF-8`. The table must read the same
   * format (Snowflake's `BINARY_INPUT_FORMAT`, whose default is `HEX`).
   * @default 'HEX'
   */
  binaryInputFormat?: BinaryInputFormat;
}

/** Defaults of the channel knobs of {@link ClientOptions}. */
export const CLIENT_DEFAULTS = Object.freeze({
  maxClientLagMs: 1000,
  maxBatchBytes: 4 * 1024 * 1024,
  maxRequestBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 32 * 1024 * 1024,
  backpressure: 'wait',
  compression: 'gzip',
  recovery: true,
  maxRecoveryAttempts: 5,
  commitPollIntervalMs: 250,
  commitPollMaxIntervalMs: 4000,
  closeTimeoutMs: 300_000,
  connect: 'eager',
} as const);
