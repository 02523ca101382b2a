import type { ChannelStatus } from '../status/channel-status.js';
import type { Batch } from './batch.js';
import { createAppender } from './channel-append.js';
import type { Row } from './channel-types.js';
import { encodeNdjson } from './encode-ndjson.js';
import { encodeRows } from './encode-rows.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import { closeChannel } from './channel-close.js';
import { createCommitTracker } from './commit-tracker.js';
import { createFlusher } from './channel-flusher.js';
import type { Channel, ChannelHandle } from './channel-types.js';
import { fetchChannelStatuses } from './fetch-channel-statuses.js';
import type { OpenedChannel } from './open-channel-request.js';
import { createPendingBuffer } from './pending-buffer.js';
import { offsetRange } from './retained-batches.js';
import { unconfirmedRange } from './unconfirmed-range.js';
import { stateLostError, takenOverError } from './channel-fence.js';
import { withDeadline } from './with-deadline.js';
import { dropHeld } from './drop-held.js';
import { rowsPath } from '../http/paths.js';

export type {
  Channel,
  ChannelHandle,
  Row,
  WaitForCommitOptions,
  WaitForFlushOptions,
} from './channel-types.js';

/** Builds the channel object over an opened channel. */
export function createChannel(
  ctx: ChannelContext,
  name: string,
  opened: OpenedChannel,
  onClosed: (handle: ChannelHandle) => void,
): ChannelHandle {
  const state: ChannelState = {
    name,
    rowsPath: rowsPath(ctx.database, ctx.schema, ctx.pipe, name),
    continuationToken: opened.continuationToken,
    generation: 0,
    pending: createPendingBuffer({
      pool: ctx.bufferPool,
      maxBatchBytes: ctx.settings.maxBatchBytes,
    }),
    sendQueue: [],
    retained: [],
    rowsSentSinceOpen: 0,
    createdOnMs: opened.status.createdOn?.getTime(),
    lastOffsetToken: undefined,
    waitingRows: 0,
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
    onTakenOver: (reason) => flusher.fail(takenOverError(state, reason)),
    onStateLost: (reason) => flusher.fail(stateLostError(state, reason)),
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
    dropHeld(ctx, state);
    tracker.rejectAll(
      channelError('CHANNEL_CLOSED', `channel "${name}" is closed`, { channelName: name }),
    );
    flusher.wake();
    onClosed(handle);
  };

  const appendRows = createAppender(ctx, state, flusher, usable, (rows: readonly Row[], max) => {
    if (!Array.isArray(rows)) throw new TypeError('rows must be an array');
    return encodeRows(rows, max, ctx.settings.binaryInputFormat);
  });
  const appendEncodedRows = createAppender(ctx, state, flusher, usable, encodeNdjson);

  const getChannelStatus = async (
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelStatus> => {
    const generation = state.generation;
    const scope = ctx.telemetry.startOperation('snowpipe.status_poll', {
      pipe: ctx.pipe,
      channels: 1,
    });
    try {
      const statuses = await scope.run(() =>
        fetchChannelStatuses(ctx, [name], scope, { signal: options.signal }),
      );
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
    appendEncodedRows,
    initiateFlush() {
      if (!state.failure && !state.closed) flusher.flushNow();
    },
    async waitForFlush(flushOptions) {
      // A number is the timeout (the official SDK's form); rows stay buffered on timeout or abort.
      const { timeoutMs, signal } =
        typeof flushOptions === 'number'
          ? { timeoutMs: flushOptions, signal: undefined }
          : (flushOptions ?? {});
      const scope = ctx.telemetry.startOperation('snowpipe.flush', {
        channel: name,
        pipe: ctx.pipe,
      });
      try {
        flusher.flushNow();
        await scope.run(() =>
          withDeadline(
            ctx.clock,
            flusher.idle(),
            timeoutMs,
            () =>
              channelError(
                'FLUSH_TIMEOUT',
                `flushing channel "${name}" timed out after ${timeoutMs} ms`,
                {
                  channelName: name,
                  pendingRows: state.pending.rows,
                },
              ),
            signal,
          ),
        );
        scope.end();
      } catch (error) {
        scope.end(error);
        throw error;
      }
    },
    getChannelStatus,
    async getLatestCommittedOffsetToken(options) {
      return (await getChannelStatus(options)).latestCommittedOffsetToken;
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
      // Moves when an append is acknowledged (new continuation token) or a commit advances.
      progressMark: () =>
        state.closed ||
        state.failure ||
        (state.retained.length === 0 && state.sendQueue.length === 0 && state.pending.rows === 0)
          ? undefined
          : `${state.continuationToken}|${state.rowsCommittedTotal}|${state.latestCommittedOffsetToken}`,
      stalled: (stuckMs) => {
        const range = unconfirmedRange(state);
        flusher.fail(
          channelError(
            'CHANNEL_STALLED',
            `channel "${name}" made no progress (no append acknowledged, no commit advance) for ${stuckMs} ms; not known committed: ${range.rows} rows, offset tokens ${range.fromOffsetToken ?? 'none'} to ${range.toOffsetToken ?? 'none'}`,
            {
              channelName: name,
              stalledForMs: stuckMs,
              latestCommittedOffsetToken: state.latestCommittedOffsetToken,
              ...range,
            },
          ),
        );
      },
    },
    abort(error) {
      flusher.fail(error);
      teardown();
    },
    failure: () => state.failure,
  };
  return handle;
}
