import type { Batch } from './batch.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { prepareAppend, sendAppend } from './append-request.js';
import type { CommitTracker } from './commit-tracker.js';
import { classifyChannelFailure } from './classify-channel-failure.js';
import { takenOverError } from './channel-fence.js';
import { runRecovery } from './channel-recovery.js';
import type { RecoveryHost } from './channel-recovery.js';
import { CUT_SHORT } from './cut-short.js';
import { runDeferredCheck } from './deferred-check.js';
import { dropHeld } from './drop-held.js';
import { createLagSleep } from './lag-sleep.js';

/**
 * Moves a channel's rows to the service: one request in flight at a time, batches formed when
 * full (`maxBatchBytes`) or when the oldest row has waited `maxClientLagMs`, continuation tokens
 * chained, recovery run in line so nothing overtakes it.
 */
export interface Flusher {
  /** Makes sure the pump runs (rows were appended). */
  schedule(): void;
  /** Sends buffered rows now instead of waiting for the lag. */
  flushNow(): void;
  /** Reopens and replays before anything else is sent (e.g. the poller saw an invalid status). */
  recover(cause: Error): void;
  /** Resolves when nothing is buffered, queued or in flight; rejects when the channel fails. */
  idle(): Promise<void>;
  /** Fails the channel for good with `error`. */
  fail(error: Error): void;
  /** The batch size threshold was reached: stop waiting for the lag. */
  wake(): void;
}

/** The service code of `error` for a message (`STALE_CONTINUATION_TOKEN_SEQUENCER`, …). */
function describeCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'takeover';
}

/** Creates the {@link Flusher} of one channel. */
export function createFlusher(
  ctx: ChannelContext,
  state: ChannelState,
  tracker: CommitTracker,
  onFailed: (error: Error) => void,
): Flusher {
  let running = false;
  let flushRequested = false;
  let recoveryCause: Error | undefined;
  let wakeController: AbortController | undefined;
  const idleWaiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];

  const isIdle = (): boolean =>
    !running && state.pending.rows === 0 && state.sendQueue.length === 0 && !recoveryCause;

  const settleIdle = (): void => {
    if (state.failure) {
      for (const w of idleWaiters.splice(0)) w.reject(state.failure);
    } else if (isIdle() || state.closed) {
      for (const w of idleWaiters.splice(0)) w.resolve();
    }
  };

  // Waiting for the lag deadline (often, and woken by nearly every append): see LagSleep.
  const lag = createLagSleep(ctx.clock);
  const wake = (): void => {
    lag.wake();
    wakeController?.abort(CUT_SHORT);
  };

  /** A recovery backoff: ends early only when woken (never by a stale lag timer). */
  const sleepBackoff = async (ms: number): Promise<void> => {
    const controller = new AbortController();
    wakeController = controller;
    try {
      await ctx.clock.sleep(ms, controller.signal);
    } catch {
      // woken early: more rows, a flush, a recovery or close
    } finally {
      if (wakeController === controller) wakeController = undefined;
    }
  };

  const fail = (error: Error): void => {
    if (state.failure) return;
    state.failure = error;
    recoveryCause = undefined;
    dropHeld(ctx, state);
    tracker.rejectAll(error);
    wake();
    settleIdle();
    onFailed(error);
  };

  const sendOne = async (input: Batch): Promise<void> => {
    // Rows taken unread are checked now, while their bytes are about to be read for the socket.
    const unsendable = runDeferredCheck(input, state.name);
    if (unsendable) return fail(unsendable);
    const pending = prepareAppend(ctx, input);
    const prepared = pending instanceof Promise ? await pending : pending;
    if (state.failure || state.closed) return;
    if (prepared.rest.length > 0) state.sendQueue.unshift(...prepared.rest);
    const { batch, wire } = prepared;
    state.rowsSentSinceOpen += batch.rows;
    state.retained.push({ batch, sentAtMs: ctx.clock.now(), rowsThrough: state.rowsSentSinceOpen });
    const scope = ctx.telemetry.startOperation('snowpipe.append_batch', {
      channel: state.name,
      pipe: ctx.pipe,
      rows: batch.rows,
      bytes: batch.bytes,
      wire_bytes: wire.body.byteLength,
    });
    // The body's buffer must not go back to the pool while a request may still read it.
    batch.lease?.beginSend();
    try {
      let next: string;
      try {
        next = await scope.run(() =>
          sendAppend(ctx, state, state.continuationToken, prepared, scope),
        );
      } finally {
        batch.lease?.endSend();
      }
      scope.end();
      if (state.failure || state.closed) return;
      state.continuationToken = next;
      state.recoveryAttempts = 0;
      ctx.counters.rowsSent += batch.rows;
      ctx.counters.bytesSent += wire.body.byteLength;
      ctx.counters.batchesSent += 1;
      ctx.telemetry.metrics?.rowsAppended(batch.rows, batch.bytes, {
        channel: state.name,
        pipe: ctx.pipe,
      });
      ctx.kickPoller();
    } catch (error) {
      scope.end(error);
      if (state.failure || state.closed) return;
      const action = classifyChannelFailure(error, 'append_rows', ctx.settings.reclaimOnTakeover);
      if (action === 'reopen') recoveryCause = error as Error;
      else if (action === 'fence') fail(takenOverError(state, describeCode(error), error));
      else fail(error as Error);
    }
  };

  const host: RecoveryHost = {
    fail,
    tracker,
    sleep: (ms) => sleepBackoff(ms),
    setCause: (cause) => {
      recoveryCause = cause;
    },
  };

  const pump = async (): Promise<void> => {
    const { maxClientLagMs } = ctx.settings;
    try {
      while (!state.failure && !state.closed) {
        if (recoveryCause) {
          const cause = recoveryCause;
          recoveryCause = undefined;
          state.recovering = true;
          try {
            await runRecovery(ctx, state, host, cause);
          } finally {
            state.recovering = false;
          }
          continue;
        }
        let batch = state.sendQueue.shift();
        if (!batch) {
          if (state.pending.rows === 0) {
            flushRequested = false;
            break;
          }
          if (!flushRequested && !state.closing && !state.pending.hasFullBatch()) {
            const oldest = state.pending.oldestAppendAtMs() ?? ctx.clock.now();
            const waitMs = oldest + maxClientLagMs - ctx.clock.now();
            if (waitMs > 0) {
              await lag.sleep(waitMs);
              continue;
            }
          }
          batch = state.pending.take();
          if (!batch) continue;
        }
        await sendOne(batch);
      }
    } catch (error) {
      // A bug, not a service failure: never leave the channel silently stuck.
      fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      running = false;
      lag.stop();
      settleIdle();
    }
  };

  const schedule = (): void => {
    if (running || state.failure || state.closed) return;
    running = true;
    void pump();
  };

  return {
    schedule,
    wake,
    fail,
    flushNow() {
      flushRequested = true;
      wake();
      schedule();
    },
    recover(cause) {
      if (state.failure || state.closed) return;
      recoveryCause ??= cause;
      wake();
      schedule();
    },
    idle() {
      if (state.failure) return Promise.reject(state.failure);
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => idleWaiters.push({ resolve, reject }));
    },
  };
}
