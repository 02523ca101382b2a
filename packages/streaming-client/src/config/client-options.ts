import type { Clock, RetryPlanOptions } from '@snowpipe/retry';
import type { Transport } from '@snowpipe/transport-contract';
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

/**
 * Per-attempt HTTP timeouts by kind of request, in milliseconds. An attempt still unanswered when
 * its timeout passes is abandoned (its request aborted) and retried under the `retry` plan, so a
 * black-holed request never stalls the client.
 */
export interface RequestTimeouts {
  /** An append request of a named or Elastic channel (a body of up to 4 MiB). @default 25000 */
  append?: number;
  /** A bulk channel-status request: a commit poll or `getChannelStatus(es)`. @default 10000 */
  status?: number;
  /** Every other request: open, drop, host discovery, token exchange, OAuth. @default 25000 */
  control?: number;
}

/** Options of `createClient` (official SDK property names inside `properties`). */
export interface ClientOptions {
  /** Names this client in logs and telemetry. */
  clientName: string;
  /** The database of the pipe (or table) to write to. */
  dbName: string;
  /** The schema of the pipe (or table) to write to. */
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
  /**
   * What a channel does when another writer opened it after this writer's latest open (the
   * service answers `STALE_CONTINUATION_TOKEN_SEQUENCER` or
   * `ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER`): `false` fails the channel with
   * `CHANNEL_TAKEN_OVER` naming the offset range it could not prove committed; `true` reopens it
   * and replays, taking the channel back and discarding the other writer's uncommitted rows (two
   * writers then fight; use it only when no other writer can exist, e.g. a stale token for
   * another reason). Commits are confirmed only by this writer's own offset tokens either way.
   * @default false
   */
  reclaimOnTakeover?: boolean;
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
   * Longest one HTTP attempt may wait for its answer before it is aborted and retried: one number
   * for every kind of request, or per kind (see {@link RequestTimeouts}). The defaults abandon and
   * retry a hung append or control-plane request within 30 s and a hung status poll within 10 s;
   * they stay below the retry plan's `maxElapsedMs` (30 s) so a retry still fits.
   * @default { append: 25000, status: 10000, control: 25000 }
   */
  requestTimeoutMs?: number | RequestTimeouts;
  /**
   * A channel that holds rows and makes no progress (no append acknowledged, no commit advance)
   * for this long fails with `CHANNEL_STALLED`, naming the offset range it cannot vouch for,
   * instead of waiting forever. `0` turns the check off.
   * @default 300000 (5 minutes)
   */
  stallTimeoutMs?: number;
  /**
   * Aborts `createClient` itself (authentication included): it rejects with the signal's reason
   * and releases what it built.
   * @default none
   */
  signal?: AbortSignal;
  /**
   * How `Buffer`, `Uint8Array` and other `ArrayBuffer` view values are written into rows (the
   * official SDK's `binaryInputFormat`): `HEX`, `BASE64` or `UTF-8`. The table must read the same
   * format (Snowflake's `BINARY_INPUT_FORMAT`, whose default is `HEX`).
   * @default 'HEX'
   */
  binaryInputFormat?: BinaryInputFormat;
}

/** Defaults of the channel knobs of {@link ClientOptions}. */
export const DEFAULT_CLIENT_OPTIONS = Object.freeze({
  /** Longest a row waits in the buffer before a flush, in ms. */
  maxClientLagMs: 1000,
  /** Uncompressed bytes that make a batch full (4 MiB). */
  maxBatchBytes: 4 * 1024 * 1024,
  /** Largest request body on the wire, in bytes (4 MiB, the service's cap). */
  maxRequestBytes: 4 * 1024 * 1024,
  /** Bytes of rows the client holds before appends wait or fail (32 MiB). */
  maxBufferedBytes: 32 * 1024 * 1024,
  /** A full buffer makes appends wait. */
  backpressure: 'wait',
  /** Request bodies are gzip-compressed. */
  compression: 'gzip',
  /** Invalidated channels are reopened and replayed automatically. */
  recovery: true,
  /** A writer whose channel was opened by someone else is fenced, not reopened. */
  reclaimOnTakeover: false,
  /** Reopen attempts before `RECOVERY_EXHAUSTED`. */
  maxRecoveryAttempts: 5,
  /** First commit-poll interval, in ms. */
  commitPollIntervalMs: 250,
  /** Commit-poll backoff ceiling, in ms. */
  commitPollMaxIntervalMs: 4000,
  /** Channel and client close timeout, in ms (5 minutes). */
  closeTimeoutMs: 300_000,
  /** `createClient` authenticates before it resolves. */
  connect: 'eager',
  /** Per-attempt HTTP timeouts by kind of request, in ms. */
  requestTimeoutMs: Object.freeze({
    /** An append attempt. */
    append: 25_000,
    /** A bulk-status poll. */
    status: 10_000,
    /** Open, drop, host discovery and token exchange. */
    control: 25_000,
  }),
  /** A channel holding rows without progress for this long fails with `CHANNEL_STALLED`, in ms. */
  stallTimeoutMs: 300_000,
} as const);
