import type { ChannelStatus } from '../status/channel-status.js';
import type { CloseChannelOptions } from './channel-close.js';
import type { CommitCondition } from './commit-tracker.js';
import type { PolledChannel } from './commit-poller.js';
import type { AppendEncodedOptions, EncodedRowsInput } from './encode-ndjson.js';

/** A row: one JSON object whose keys are column names. */
export type Row = Record<string, unknown>;

/** Options of {@link Channel.waitForCommit}. */
export interface WaitForCommitOptions {
  /** Reject with `COMMIT_TIMEOUT` after this long. @default no timeout */
  timeoutMs?: number;
  /** Abort the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Options of {@link Channel.waitForFlush}. */
export interface WaitForFlushOptions {
  /** Reject with `FLUSH_TIMEOUT` after this long (the rows stay buffered). @default no timeout */
  timeoutMs?: number;
  /** Abort the wait: it rejects with the signal's reason (the rows stay buffered). @default none */
  signal?: AbortSignal;
}

/**
 * A named channel: an ordered, exactly-once (with offset tokens) stream of rows into the pipe.
 * Appends are buffered and sent in the background; failures surface on later calls.
 */
export interface Channel {
  /** The channel's name, as given to `openChannel`. */
  readonly name: string;
  /** The database of the channel's pipe. */
  readonly databaseName: string;
  /** The schema of the channel's pipe. */
  readonly schemaName: string;
  /** The pipe the channel writes to. */
  readonly pipeName: string;
  /** Buffers one row; `offsetToken` becomes the committed token once it commits. Resolves when accepted into the buffer. */
  appendRow(row: Row, offsetToken?: string | null): Promise<void>;
  /** Buffers rows; `startOffsetToken` belongs to the first row, `endOffsetToken` to the last. */
  appendRows(
    rows: readonly Row[],
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
  ): Promise<void>;
  /**
   * Buffers rows that are already JSON, without parsing them: an NDJSON text or bytes (one row
   * per line; the last newline optional) or an array with one row's JSON per item (e.g. Kafka
   * message values). Offset tokens work as in {@link Channel.appendRows}. Each row must be a
   * single line starting with `{` and ending with `}`, else the call fails with
   * `INVALID_ENCODED_ROW` naming the row and buffers nothing; whether a row is valid JSON is
   * checked by the service, which counts rows it cannot parse in `rowsErrorCount`. The bytes are
   * copied before the returned promise resolves (do not modify them until it does), unless
   * `options.copy` is `false`: then large NDJSON bytes are sent in place and must not change
   * until committed. `options.rowCount` holds the call to a row count; with `copy: false` it lets
   * one batch's worth of bytes be checked right before it is sent instead of now, a failure then
   * failing the channel (see {@link AppendEncodedOptions}).
   */
  appendEncodedRows(
    rows: EncodedRowsInput,
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
    options?: AppendEncodedOptions,
  ): Promise<void>;
  /** Sends buffered rows now instead of waiting for `maxClientLagMs`. */
  initiateFlush(): void;
  /**
   * Resolves when every buffered row is sent and acknowledged (not necessarily committed). A
   * number is the timeout in milliseconds.
   */
  waitForFlush(options?: number | WaitForFlushOptions): Promise<void>;
  /** Asks the service for the channel's latest committed offset token (`signal` aborts it). */
  getLatestCommittedOffsetToken(options?: { signal?: AbortSignal }): Promise<string | null>;
  /** Asks the service for the channel's status (`signal` aborts it). */
  getChannelStatus(options?: { signal?: AbortSignal }): Promise<ChannelStatus>;
  /**
   * Resolves with the latest committed token once it is at or after `condition` (a token), or
   * once `condition(latest)` returns true (a predicate).
   */
  waitForCommit(condition: CommitCondition, options?: WaitForCommitOptions): Promise<string | null>;
  /** Flushes, waits for commit (by default) and closes; see {@link CloseChannelOptions}. */
  close(options?: CloseChannelOptions): Promise<void>;
  /** Whether the channel is closed (by `close()`, its client, or a failure it cannot recover). */
  isClosed(): boolean;
  /** `await using` support: the same as `close()` with its defaults. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** What the client keeps for each open channel. */
export interface ChannelHandle {
  readonly channel: Channel;
  readonly polled: PolledChannel;
  /** Fails the channel (client closing without flush). */
  abort(error: Error): void;
  /** The error that failed the channel, if it failed. */
  failure(): Error | undefined;
}
