import type { ChannelStatus } from '../status/channel-status.js';
import type { Batch, Chunk } from './batch.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import { closeChannel } from './channel-close.js';
import type { CloseChannelOptions } from './channel-close.js';
import { createCommitTracker } from './commit-tracker.js';
import type { CommitCondition } from './commit-tracker.js';
import type { PolledChannel } from './commit-poller.js';
import { createFlusher } from './channel-flusher.js';
import { encodeRows } from './encode-rows.js';
import { fetchChannelStatuses } from './fetch-channel-statuses.js';
import type { OpenedChannel } from './open-channel-request.js';
import { createPendingBuffer } from './pending-buffer.js';
import { offsetRange } from './retained-batches.js';
import { withDeadline } from './with-deadline.js';

/** A row: one JSON object whose keys are column names. */
export type Row = Record<string, unknown>;

/** Options of {@link Channel.waitForCommit}. */
export interface WaitForCommitOptions {
  /** Reject with `COMMIT_TIMEOUT` after this long. @default no timeout */
  timeoutMs?: number;
  /** Abort the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * A named channel: an ordered, exactly-once (with offset tokens) stream of rows into the pipe.
 * Appends are buffered and sent in the background; failures surface on later calls.
 */
export interface Channel {
  readonly name: string;
  readonly databaseName: string;
  readonly schemaName: string;
  readonly pipeName: string;
  /** Buffers one row; `offsetToken` becomes the committed token once it commits. Resolves when accepted into the buffer. */
  appendRow(row: Row, offsetToken?: string | null): Promise<void>;
  /** Buffers rows; `startOffsetToken` belongs to the first row, `endOffsetToken` to the last. */
  appendRows(
    rows: readonly Row[],
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
  ): Promise<void>;
  /** Sends buffered rows now instead of waiting for `maxClientLagMs`. */
  initiateFlush(): void;
  /** Resolves when every buffered row is sent and acknowledged (not necessarily committed). */
  waitForFlush(timeoutMs?: number): Promise<void>;
  /** Asks the service for the channel's latest committed offset token. */
  getLatestCommittedOffsetToken(): Promise<string | null>;
  /** Asks the service for the channel's status. */
  getChannelStatus(): Promise<ChannelStatus>;
  /**
   * Resolves with the latest committed token once it is at or after `condition` (a token), or
   * once `condition(latest)` returns true (a predicate).
   */
  waitForCommit(condition: CommitCondition, options?: WaitForCommitOptions): Promise<string | null>;
  /** Flushes, waits for commit (by default) and closes; see {@link CloseChannelOptions}. */
  close(options?: CloseChannelOptions): Promise<void>;
  isClosed(): boolean;
  [Symbol.asyncDispose](): Promise<void>;
}

/** What the client keeps for each open channel. */
export interface ChannelHandle {
  readonly channel: Channel;
  readonly polled: PolledChannel;
  /** Fails the channel (client closing without flush). */
  abort(error: Error): void;
}

function checkToken(value: unknown, argument: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(`${argument} must be a string, got ${typeof value}`);
  return value;
}

/** Builds the channel object over an opened channel. */
export function createChannel(
  ctx: ChannelContext,
  name: string,
  opened: OpenedChannel,
  onClosed: (handle: ChannelHandle) => void,
): ChannelHandle {
  const state: ChannelState = {
    name,
    continuationToken: opened.continuationToken,
    generation: 0,
    pending: createPendingBuffer(),
    sendQueue: [],
    retained: [],
    rowsSentSinceOpen: 0,
    rowsParsedBaseline: opened.status.rowsParsedCount,
    latestCommittedOffsetToken: opened.status.latestCommittedOffsetToken,
    lastStatus: opened.status,
    rowsCommittedTotal: 0,
    heldBytes: 0,
    failure: undefined,
    closing: false,
    closed: false,
    recovering: false,
    recoveryAttempts: 0,
  };
  const onFailed = (error: Error): void => {
    ctx.logger.error?.(`channel "${name}" failed: ${error.message}`, { channel: name });
  };
  const tracker = createCommitTracker(ctx, state, {
    onInvalid: (error) => flusher.recover(error),
    onIncomparable: (cause) => {
      const batches: Batch[] = [...state.retained.map((r) => r.batch), ...state.sendQueue];
      const range = offsetRange(batches);
      flusher.fail(
        channelError(
          'REPLAY_IMPOSSIBLE',
          `channel "${name}": committed offset token cannot be compared with the tokens sent`,
          { channelName: name, ...range },
          cause,
        ),
      );
    },
  });
  const flusher = createFlusher(ctx, state, tracker, onFailed);

  const usable = (): void => {
    if (state.failure) throw state.failure;
    if (state.closing || state.closed) {
      throw channelError('CHANNEL_CLOSED', `channel "${name}" is closed`, { channelName: name });
    }
  };

  let closing: Promise<void> | undefined;
  const teardown = (): void => {
    if (state.closed) return;
    state.closed = true;
    state.pending.clear();
    state.sendQueue = [];
    state.retained = [];
    const held = state.heldBytes;
    state.heldBytes = 0;
    ctx.budget.release(held);
    tracker.rejectAll(
      channelError('CHANNEL_CLOSED', `channel "${name}" is closed`, { channelName: name }),
    );
    flusher.wake();
    onClosed(handle);
  };

  const appendRows = async (
    rows: readonly Row[],
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
  ): Promise<void> => {
    usable();
    if (!Array.isArray(rows)) throw new TypeError('rows must be an array');
    const start = checkToken(startOffsetToken, 'startOffsetToken');
    const end = checkToken(endOffsetToken, 'endOffsetToken');
    const encoded = encodeRows(rows, ctx.settings.maxRequestBytes);
    if (encoded.lines.length === 0) return;
    const { budget } = ctx;
    if (ctx.settings.backpressure === 'reject') {
      if (!budget.tryAcquire(encoded.bytes)) {
        throw channelError(
          'BUFFER_FULL',
          `the client buffer is full (${budget.used()} of ${budget.maxBytes} bytes held); retry when rows commit`,
          { channelName: name, bufferedBytes: budget.used(), maxBufferedBytes: budget.maxBytes },
        );
      }
    } else {
      await budget.acquire(encoded.bytes);
    }
    if (state.failure || state.closing || state.closed) {
      budget.release(encoded.bytes);
      usable();
    }
    const chunk: Chunk = {
      lines: encoded.lines,
      lineBytes: encoded.lineBytes,
      startOffsetToken: start,
      endOffsetToken: end,
      appendedAtMs: ctx.clock.now(),
    };
    state.heldBytes += encoded.bytes;
    state.pending.push(chunk);
    ctx.counters.rowsAppended += encoded.lines.length;
    if (state.pending.bytes >= ctx.settings.maxBatchBytes) flusher.wake();
    flusher.schedule();
  };

  const getChannelStatus = async (): Promise<ChannelStatus> => {
    const generation = state.generation;
    const scope = ctx.telemetry.startOperation('snowpipe.status_poll', {
      pipe: ctx.pipe,
      channels: 1,
    });
    try {
      const statuses = await scope.run(() => fetchChannelStatuses(ctx, [name], scope));
      scope.end();
      const status = statuses.get(name);
      tracker.applyStatus(status, generation);
      if (!status) {
        throw channelError(
          'INVALID_RESPONSE',
          `channel "${name}" is missing from the pipe's status`,
          {
            channelName: name,
          },
        );
      }
      return status;
    } catch (error) {
      scope.end(error);
      throw error;
    }
  };

  const channel: Channel = {
    name,
    databaseName: ctx.database,
    schemaName: ctx.schema,
    pipeName: ctx.pipe,
    appendRow: (row, offsetToken) => appendRows([row], offsetToken, offsetToken),
    appendRows,
    initiateFlush() {
      if (!state.failure && !state.closed) flusher.flushNow();
    },
    async waitForFlush(timeoutMs) {
      const scope = ctx.telemetry.startOperation('snowpipe.flush', {
        channel: name,
        pipe: ctx.pipe,
      });
      try {
        flusher.flushNow();
        await scope.run(() =>
          withDeadline(ctx.clock, flusher.idle(), timeoutMs, () =>
            channelError(
              'FLUSH_TIMEOUT',
              `flushing channel "${name}" timed out after ${timeoutMs} ms`,
              {
                channelName: name,
                pendingRows: state.pending.rows,
              },
            ),
          ),
        );
        scope.end();
      } catch (error) {
        scope.end(error);
        throw error;
      }
    },
    getChannelStatus,
    async getLatestCommittedOffsetToken() {
      return (await getChannelStatus()).latestCommittedOffsetToken;
    },
    async waitForCommit(condition, options = {}) {
      if (state.failure) throw state.failure;
      if (state.closed)
        throw channelError('CHANNEL_CLOSED', `channel "${name}" is closed`, { channelName: name });
      const waiter = tracker.wait(condition);
      flusher.flushNow();
      ctx.kickPoller();
      const { timeoutMs, signal } = options;
      return withDeadline(
        ctx.clock,
        waiter.promise,
        timeoutMs,
        () => {
          const error = channelError(
            'COMMIT_TIMEOUT',
            `waiting for commit on channel "${name}" timed out after ${timeoutMs} ms (latest committed offset token ${state.latestCommittedOffsetToken ?? 'null'})`,
            { channelName: name, latestCommittedOffsetToken: state.latestCommittedOffsetToken },
          );
          waiter.cancel(error);
          return error;
        },
        signal,
      ).catch((error: unknown) => {
        waiter.cancel(error);
        throw error;
      });
    },
    close(options = {}) {
      closing ??= closeChannel(ctx, state, flusher, tracker, options, teardown);
      return closing;
    },
    isClosed: () => state.closed,
    [Symbol.asyncDispose]() {
      return channel.close();
    },
  };

  const handle: ChannelHandle = {
    channel,
    polled: {
      name,
      needsPolling: () =>
        !state.closed && !state.failure && (tracker.waiterCount() > 0 || state.retained.length > 0),
      generation: () => state.generation,
      applyStatus: (status, generation) => tracker.applyStatus(status, generation),
      pollFailed: (error) => tracker.rejectAll(error),
    },
    abort(error) {
      flusher.fail(error);
      teardown();
    },
  };
  return handle;
}
