import type { Channel } from './channel/channel.js';
import type { ChannelStatus } from './status/channel-status.js';

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
  tokenRefreshes: number;
  /** Bytes held now (buffered, in flight, or sent but not yet committed). */
  bufferedBytes: number;
  openChannels: number;
}
