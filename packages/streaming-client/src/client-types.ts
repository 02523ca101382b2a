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
  /**
   * Aborts the open: it rejects with the signal's reason (the service may still have opened the
   * channel; opening it again is safe). @default none
   */
  signal?: AbortSignal;
}

/** Options of a call that only asks or tells the service something (status, drop). */
export interface RequestOptions {
  /** Aborts the call: it rejects with the signal's reason. @default none */
  signal?: AbortSignal;
}

/** What `client.openChannel()` resolves with. */
export interface OpenChannelResult {
  /** The open channel, ready for appends. */
  channel: Channel;
  /** The channel's status as the open call returned it (committed offset token included). */
  status: ChannelStatus;
}

/** Options of `client.close()`. */
export interface ClientCloseOptions {
  /** Wait until every channel's sent rows are committed. @default true */
  waitForCommit?: boolean;
  /**
   * Longest the whole close may take: it settles within this plus a small slack whatever the
   * network does, abandoning requests still in flight. @default the client's `closeTimeoutMs`
   */
  timeoutMs?: number;
  /**
   * Abandons the close at once, aborting what is in flight; it rejects with `CLOSE_ABORTED`
   * (`cause`: the signal's reason) listing every channel's rows not known committed.
   * @default none
   */
  signal?: AbortSignal;
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
  /** Append requests acknowledged by the service (replays included). */
  batchesSent: number;
  /** HTTP requests made (every attempt). */
  requests: number;
  /** Requests made again after a failed attempt (backoff retries and 401 token refreshes). */
  retries: number;
  /** Channel reopens done by recovery. */
  recoveries: number;
  /**
   * Rows the service parsed and rejected (increases of channels' `rows_error_count` seen in
   * statuses since they were opened): skipped by the service, never retried.
   */
  rowsRejected: number;
  /** Successful token refreshes (JWT and scoped token). */
  tokenRefreshes: number;
  /** Bytes held now (buffered, in flight, or sent but not yet committed). */
  bufferedBytes: number;
  /** Channels open now. */
  openChannels: number;
}

/** A client bound to one account, database, schema and pipe. Create it with {@link createClient}. */
export interface StreamingIngestClient {
  /** The `clientName` it was created with. */
  readonly clientName: string;
  /** The database of its pipe. */
  readonly databaseName: string;
  /** The schema of its pipe. */
  readonly schemaName: string;
  /** The pipe its channels write to. */
  readonly pipeName: string;
  /** Opens (or reopens) a named channel; resolves with the channel and the service's status of it. */
  openChannel(options: OpenChannelOptions): Promise<OpenChannelResult>;
  /** Statuses of several channels of the pipe in one request, by name (unknown names are absent). */
  getChannelStatuses(
    names: readonly string[],
    options?: RequestOptions,
  ): Promise<Map<string, ChannelStatus>>;
  /** Latest committed offset token of several channels in one request, by name. */
  getLatestCommittedOffsetTokens(
    names: readonly string[],
    options?: RequestOptions,
  ): Promise<Map<string, string | null>>;
  /** Drops a channel and its committed offset token (an open local channel of that name is closed). */
  dropChannel(name: string, options?: RequestOptions): Promise<void>;
  /** The pipe's Elastic channel (the same instance on every call). */
  getElasticChannel(): ElasticChannel;
  /**
   * Closes every channel (flush + wait for commit by default), the poller and the connection.
   * When a channel does not close cleanly it rejects with one error whose `details.channels`
   * lists every such channel with the offset range it cannot vouch for.
   */
  close(options?: ClientCloseOptions): Promise<void>;
  /** Whether `close()` has been called. */
  isClosed(): boolean;
  /** Counters for dashboards and demos. */
  stats(): ClientStats;
  /** `await using` support: the same as `close()` with its defaults. */
  [Symbol.asyncDispose](): Promise<void>;
}
