import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { CommitTracker } from './commit-tracker.js';
import type { Flusher } from './channel-flusher.js';
import { sendDropChannel } from './drop-channel-request.js';
import { CUT_SHORT } from './cut-short.js';

/** Options of `channel.close()`. */
export interface CloseChannelOptions {
  /** Drop the channel (and its committed offset token) after closing. @default false */
  drop?: boolean;
  /** Wait until the service has committed every row sent. @default true */
  waitForCommit?: boolean;
  /** Longest the whole close may take. @default the client's `closeTimeoutMs` (300000) */
  timeoutMs?: number;
}

const PROGRESS_EVERY_MS = 60_000;

function rowsTotal(state: ChannelState): number {
  let rows = state.rowsCommittedTotal + state.pending.rows;
  for (const r of state.retained) rows += r.batch.rows;
  for (const b of state.sendQueue) rows += b.rows;
  return rows;
}

/**
 * Waits for `work`, logging progress every minute, until `deadlineMs` (clock time). Resolves
 * false on timeout (and leaves `work` running; the caller tears down).
 */
async function waitWithProgress(
  ctx: ChannelContext,
  state: ChannelState,
  work: Promise<unknown>,
  deadlineMs: number,
): Promise<boolean> {
  let done = false;
  let failure: Error | undefined;
  const settled = work.then(
    () => void (done = true),
    (error: unknown) => {
      done = true;
      failure = error instanceof Error ? error : new Error(String(error));
    },
  );
  while (!done) {
    const remaining = deadlineMs - ctx.clock.now();
    if (remaining <= 0) return false;
    const controller = new AbortController();
    const tick = ctx.clock.sleep(Math.min(PROGRESS_EVERY_MS, remaining), controller.signal).then(
      () => true,
      () => false,
    );
    const timerFired = await Promise.race([settled.then(() => false), tick]);
    controller.abort(CUT_SHORT);
    if (timerFired && !done && ctx.clock.now() < deadlineMs) {
      ctx.logger.info?.(
        `closing channel "${state.name}": ${state.rowsCommittedTotal} of ${rowsTotal(state)} rows committed, latest committed offset token ${state.latestCommittedOffsetToken ?? 'null'}`,
        {
          channel: state.name,
          rowsCommitted: state.rowsCommittedTotal,
          rowsTotal: rowsTotal(state),
          latestCommittedOffsetToken: state.latestCommittedOffsetToken,
        },
      );
    }
  }
  if (failure !== undefined) throw failure;
  return true;
}

/**
 * Closes a channel: flush, wait for commit of everything sent (unless told not to), then drop if
 * asked. On timeout it throws `CLOSE_TIMEOUT` saying how far it got. The channel is closed (and
 * its memory released) whatever the outcome.
 */
export async function closeChannel(
  ctx: ChannelContext,
  state: ChannelState,
  flusher: Flusher,
  tracker: CommitTracker,
  options: CloseChannelOptions,
  teardown: () => void,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? ctx.settings.closeTimeoutMs;
  const deadlineMs = ctx.clock.now() + timeoutMs;
  const scope = ctx.telemetry.startOperation('snowpipe.close_channel', {
    channel: state.name,
    pipe: ctx.pipe,
    drop: options.drop ?? false,
  });
  state.closing = true;
  try {
    await scope.run(async () => {
      flusher.flushNow();
      let stage = 'flush';
      let ok = await waitWithProgress(ctx, state, flusher.idle(), deadlineMs);
      if (ok && options.waitForCommit !== false && state.retained.length > 0) {
        stage = 'commit';
        const waiter = tracker.wait(() => state.retained.length === 0);
        ctx.kickPoller();
        ok = await waitWithProgress(ctx, state, waiter.promise, deadlineMs);
        if (!ok) waiter.cancel(new Error('close timed out'));
        waiter.promise.catch(() => undefined);
      }
      if (!ok) {
        const total = rowsTotal(state);
        throw channelError(
          'CLOSE_TIMEOUT',
          `closing channel "${state.name}" timed out after ${timeoutMs} ms waiting for ${stage}: ${state.rowsCommittedTotal} of ${total} rows committed, latest committed offset token ${state.latestCommittedOffsetToken ?? 'null'}`,
          {
            channelName: state.name,
            stage,
            rowsCommitted: state.rowsCommittedTotal,
            rowsTotal: total,
            latestCommittedOffsetToken: state.latestCommittedOffsetToken,
          },
        );
      }
      if (state.failure) throw state.failure;
      if (options.drop) await sendDropChannel(ctx, state.name);
    });
    scope.end();
  } catch (error) {
    scope.end(error);
    throw error;
  } finally {
    teardown();
  }
}
