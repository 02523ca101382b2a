import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { CommitTracker } from './commit-tracker.js';
import type { Flusher } from './channel-flusher.js';
import { sendDropChannel } from './drop-channel-request.js';
import { CUT_SHORT } from './cut-short.js';
import { unconfirmedRange } from './unconfirmed-range.js';

/** Options of `channel.close()`. */
export interface CloseChannelOptions {
  /** Drop the channel (and its committed offset token) after closing. @default false */
  drop?: boolean;
  /** Wait until the service has committed every row sent. @default true */
  waitForCommit?: boolean;
  /** Longest the whole close may take. @default the client's `closeTimeoutMs` (300000) */
  timeoutMs?: number;
  /**
   * Abandons the close at once: it fails with `CLOSE_ABORTED` (`cause`: the signal's reason),
   * naming the offset range not known committed, and the channel is closed. @default none
   */
  signal?: AbortSignal;
}

/** How a wait of the close ended. */
type WaitEnd = 'done' | 'timeout' | 'aborted';

const PROGRESS_EVERY_MS = 60_000;

function rowsTotal(state: ChannelState): number {
  let rows = state.rowsCommittedTotal + state.pending.rows;
  for (const r of state.retained) rows += r.batch.rows;
  for (const b of state.sendQueue) rows += b.rows;
  return rows;
}

/**
 * Waits for `work`, logging progress every minute, until `deadlineMs` (clock time) or until
 * `signal` aborts; on either it leaves `work` running (the caller tears down).
 */
async function waitWithProgress(
  ctx: ChannelContext,
  state: ChannelState,
  work: Promise<unknown>,
  deadlineMs: number,
  signal: AbortSignal | undefined,
): Promise<WaitEnd> {
  let done = false;
  let failure: Error | undefined;
  const settled = work.then(
    () => void (done = true),
    (error: unknown) => {
      done = true;
      failure = error instanceof Error ? error : new Error(String(error));
    },
  );
  const aborted =
    signal === undefined
      ? undefined
      : new Promise<false>((resolve) => {
          if (signal.aborted) resolve(false);
          else signal.addEventListener('abort', () => resolve(false), { once: true });
        });
  while (!done) {
    if (signal?.aborted) return 'aborted';
    const remaining = deadlineMs - ctx.clock.now();
    if (remaining <= 0) return 'timeout';
    const controller = new AbortController();
    const tick = ctx.clock.sleep(Math.min(PROGRESS_EVERY_MS, remaining), controller.signal).then(
      () => true,
      () => false,
    );
    const timerFired = await Promise.race([
      settled.then(() => false),
      tick,
      ...(aborted ? [aborted] : []),
    ]);
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
  return 'done';
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
      const { signal } = options;
      let stage = 'flush';
      let end = await waitWithProgress(ctx, state, flusher.idle(), deadlineMs, signal);
      if (end === 'done' && options.waitForCommit !== false && state.retained.length > 0) {
        stage = 'commit';
        const waiter = tracker.wait(() => state.retained.length === 0);
        ctx.kickPoller();
        end = await waitWithProgress(ctx, state, waiter.promise, deadlineMs, signal);
        if (end !== 'done') waiter.cancel(new Error('close timed out'));
        waiter.promise.catch(() => undefined);
      }
      if (end !== 'done') {
        const total = rowsTotal(state);
        const range = unconfirmedRange(state);
        const why = end === 'aborted' ? 'was aborted' : `timed out after ${timeoutMs} ms`;
        throw channelError(
          end === 'aborted' ? 'CLOSE_ABORTED' : 'CLOSE_TIMEOUT',
          `closing channel "${state.name}" ${why} waiting for ${stage}: ${state.rowsCommittedTotal} of ${total} rows committed, latest committed offset token ${state.latestCommittedOffsetToken ?? 'null'}; not known committed: ${range.rows} rows, offset tokens ${range.fromOffsetToken ?? 'none'} to ${range.toOffsetToken ?? 'none'}`,
          {
            channelName: state.name,
            stage,
            rowsCommitted: state.rowsCommittedTotal,
            rowsTotal: total,
            latestCommittedOffsetToken: state.latestCommittedOffsetToken,
            ...range,
          },
          end === 'aborted' ? signal?.reason : undefined,
        );
      }
      if (state.failure) throw state.failure;
      if (options.drop) {
        await sendDropChannel(ctx, state.name, { signal, deadlineMs });
      }
    });
    scope.end();
  } catch (error) {
    scope.end(error);
    throw error;
  } finally {
    teardown();
  }
}
