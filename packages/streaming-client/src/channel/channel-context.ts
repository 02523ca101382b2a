import type { Clock } from '@snowpipe/retry';
import type { ResolvedClientConfig } from '../config/resolved-config.js';
import type { Logger } from '../config/logger.js';
import type { ChannelStatus } from '../status/channel-status.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { Batch } from './batch.js';
import type { BufferPool } from './buffer-pool.js';
import type { ByteBudget } from './byte-budget.js';
import type { ChannelConnection } from './channel-connection.js';
import type { PendingBuffer } from './pending-buffer.js';
import type { RetainedBatch } from './retained-batches.js';

/** The channel knobs of the resolved client configuration. */
export type ChannelSettings = Pick<
  ResolvedClientConfig,
  | 'maxClientLagMs'
  | 'maxBatchBytes'
  | 'maxRequestBytes'
  | 'backpressure'
  | 'compression'
  | 'compressionLevel'
  | 'recovery'
  | 'reclaimOnTakeover'
  | 'maxRecoveryAttempts'
  | 'offsetTokenComparator'
  | 'closeTimeoutMs'
> &
  Partial<Pick<ResolvedClientConfig, 'binaryInputFormat'>>;

/** Client-wide counters (the numbers `client.stats()` reports besides the connection's). */
export interface ClientCounters {
  rowsAppended: number;
  rowsSent: number;
  bytesSent: number;
  batchesSent: number;
  recoveries: number;
  rowsReplayed: number;
  /** Rows the service rejected (increases of `rows_error_count`), see `createRowsErrorWatch`. */
  rowsRejected?: number;
}

/** Everything a channel needs from its client. */
export interface ChannelContext {
  readonly database: string;
  readonly schema: string;
  readonly pipe: string;
  readonly connection: ChannelConnection;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly budget: ByteBudget;
  /** Request-body buffers shared by the client's channels. */
  readonly bufferPool: BufferPool;
  readonly settings: ChannelSettings;
  readonly counters: ClientCounters;
  /** Asks the shared commit poller to look at this client's channels soon. */
  kickPoller(): void;
}

/** The mutable state of one open channel. */
export interface ChannelState {
  readonly name: string;
  /** The channel's append path (`rowsPath`), encoded once rather than on every request. */
  readonly rowsPath: string;
  continuationToken: string;
  /** Bumped by every (re)open; status polls started under an older generation are ignored. */
  generation: number;
  readonly pending: PendingBuffer;
  /** Formed batches waiting to be sent (replays and split remainders), before `pending`. */
  sendQueue: Batch[];
  /** Sent or in-flight batches not yet known committed, oldest first. */
  retained: RetainedBatch[];
  rowsSentSinceOpen: number;
  /**
   * `created_on_ms` of the channel as this writer opened it: a status or reopen with another one
   * means the channel was dropped and created again (or the service lost its state).
   */
  createdOnMs: number | undefined;
  /** The end (else start) offset token of the latest accepted append call: tokens never go back. */
  lastOffsetToken: string | undefined;
  /** Rows of append calls waiting for room in the client budget (accepted, not yet buffered). */
  waitingRows: number;
  /** The server's cumulative `rows_parsed` when we last (re)opened. */
  rowsParsedBaseline: number;
  /**
   * The latest committed offset token this writer can vouch for: found at open, or one it sent
   * and saw committed. Another writer's tokens never land here.
   */
  latestCommittedOffsetToken: string | null;
  lastStatus: ChannelStatus;
  /** Rows known committed since the channel object was created (close progress). */
  rowsCommittedTotal: number;
  /** Bytes this channel holds in the client budget. */
  heldBytes: number;
  /** Set once the channel cannot continue; later calls reject with it. */
  failure: Error | undefined;
  closing: boolean;
  closed: boolean;
  /** True while a reopen is in flight (statuses read before it are stale). */
  recovering: boolean;
  /** Consecutive recovery attempts of the current incident. */
  recoveryAttempts: number;
}
