import type { Channel } from './channel/channel.js';
import type { ChannelStatus } from './status/channel-status.js';
import type { ElasticChannel } from './elastic/elastic-types.js';

/** Options of `client.openChannel()`. */
export interface OpenChannelOptions {
  /** Channel name (unique per writer; one writer per name). */
  name: string;
  /** Sets the channel's offset token at open (sent as `offset_token`). @default not sent */
  offsetToken?: string;
  /**
   * `true`: refuse to open (409 `ERR_CHANNEL_HAS_UNCOMMITTED_DATA`) while the service still holds
   * uncommitted rows of an earlier writer; `false`: discard them. @default not sent (service default: discard)
   */
  failOnUncommittedRows?: boolean;
}

/** What `client.openChannel()` resolves with. */
export interface OpenChannelResult {
  channel: Channel;
  /** The channel's status as the open call returned it (committed offset token included). */
  status: ChannelStatus;
}

/** Options of `client.close()`. */
export interface ClientCloseOptions {
  /** Wait until every channel's sent rows are committed. @default true */
  waitForCommit?: boolean;
  /** Per-channel close timeout. @default the client's `closeTimeoutMs` */
  timeoutMs?: number;
}

/** Counters of one client since it was created. */
export interface ClientStats {
  /** Rows accepted by `appendRow`/`appendRows`. */
  rowsAppended: number;
  /** Rows acknowledged by the service (replays included). */
  rowsSent: number;
  /** Rows sent again after a recovery. */
  rowsReplayed: number;
  /** Request body bytes on the wire (after compression) of acknowledged appends. */
  bytesSent: number;
  batchesSent: number;
  /** HTTP requests made (every attempt). */
  requests: number;
  retries: number;
  /** Channel reopens done by recovery. */
  recoveries: number;
  /**
   * Rows the service parsed and rejected (increases of channels' `rows_error_count` seen in
   * statuses since they were opened): skipped by the service, never retried.
   */
  rowsRejected: number;
  tokenRefreshes: number;
  /** Bytes held now (buffered, in flight, or sent but not yet committed). */
  bufferedBytes: number;
  openChannels: number;
}

/** A client bound to one account, database, schema and pipe. Create it with {@link createClient}. */
export interface StreamingIngestClient {
  readonly clientName: string;
  readonly databaseName: string;
  readonly schemaName: string;
  readonly pipeName: string;
  /** Opens (or reopens) a named channel; resolves with the channel and the service's status of it. */
  openChannel(options: OpenChannelOptions): Promise<OpenChannelResult>;
  /** Statuses of several channels of the pipe in one request, by name (unknown names are absent). */
  getChannelStatuses(names: readonly string[]): Promise<Map<string, ChannelStatus>>;
  /** Latest committed offset token of several channels in one request, by name. */
  getLatestCommittedOffsetTokens(names: readonly string[]): Promise<Map<string, string | null>>;
  /** Drops a channel and its committed offset token (an open local channel of that name is closed). */
  dropChannel(name: string): Promise<void>;
  /** The pipe's Elastic channel (the same instance on every call). */
  getElasticChannel(): ElasticChannel;
  /** Closes every channel (flush + wait for commit by default), the poller and the connection. */
  close(options?: ClientCloseOptions): Promise<void>;
  isClosed(): boolean;
  /** Counters for dashboards and demos. */
  stats(): ClientStats;
  [Symbol.asyncDispose](): Promise<void>;
}
