import { InvalidChannelError } from '../errors/invalid-channel-error.js';
import { isHealthyStatusCode } from '../status/healthy-status.js';
import { createRowsErrorWatch } from '../status/rows-error-watch.js';
import type { ChannelStatus } from '../status/channel-status.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { compareOffsetTokens } from './offset-token.js';
import { isTakeoverCode } from './classify-channel-failure.js';
import { matchCommittedToken } from './retained-batches.js';

/** Bulk-status replies in a row that may leave a channel out before it fails with `CHANNEL_STATE_LOST`. */
const MISSING_STATUS_POLLS = 3;

/** Waits for a committed offset token: a token (committed ≥ it) or a predicate over the latest. */
export type CommitCondition = string | ((latestCommittedOffsetToken: string | null) => boolean);

interface Waiter {
  test(token: string | null): boolean;
  resolve(token: string | null): void;
  reject(error: unknown): void;
}

/** Hooks the tracker calls when a status says the channel needs attention. */
export interface CommitTrackerHooks {
  /** The status is not healthy (or the channel is gone): recovery decides what to do. */
  onInvalid(error: InvalidChannelError): void;
  /** Tokens could not be ordered (comparator failed). */
  onIncomparable(error: unknown): void;
  /** Another writer opened the channel (its token committed, or a takeover status). */
  onTakenOver(reason: string): void;
  /** The channel was recreated or its committed token went back: the service lost its state. */
  onStateLost(reason: string): void;
}

/** Why `status` says the channel is not the one this writer opened, if it does. */
export function recreatedReason(
  state: Pick<ChannelState, 'createdOnMs'>,
  status: ChannelStatus,
): string | undefined {
  const created = status.createdOn?.getTime();
  if (state.createdOnMs === undefined || created === undefined || created === state.createdOnMs)
    return undefined;
  return `created_on_ms changed from ${state.createdOnMs} to ${created}: the channel was dropped and created again, or the service lost its state`;
}

/** Applies polled statuses to a channel: releases committed batches and wakes commit waiters. */
export interface CommitTracker {
  /** Returns whether anything changed (for the poller's backoff). */
  applyStatus(status: ChannelStatus | undefined, generation: number): boolean;
  /** Registers a waiter; resolves at once when already satisfied by the last known token. */
  wait(condition: CommitCondition): {
    promise: Promise<string | null>;
    cancel(error: unknown): void;
  };
  rejectAll(error: unknown): void;
  waiterCount(): number;
  /** Releases the first `count` retained batches (known committed) and their budget bytes. */
  release(count: number): void;
}

/** Creates the {@link CommitTracker} of one channel. */
export function createCommitTracker(
  ctx: ChannelContext,
  state: ChannelState,
  hooks: CommitTrackerHooks,
): CommitTracker {
  const waiters: Waiter[] = [];
  // Polls in a row whose reply left this channel out (only the tracker writes it).
  let missingPolls = 0;
  const watchRowErrors = createRowsErrorWatch(ctx, state.name, state.lastStatus.rowsErrorCount);
  const comparator = ctx.settings.offsetTokenComparator;

  const toTest = (condition: CommitCondition): ((t: string | null) => boolean) =>
    typeof condition === 'function'
      ? condition
      : (t) => t !== null && compareOffsetTokens(t, condition, comparator) >= 0;

  const settleWaiters = (): void => {
    const token = state.latestCommittedOffsetToken;
    for (const w of [...waiters]) {
      let done: boolean;
      try {
        done = w.test(token);
      } catch (error) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(error);
        continue;
      }
      if (done) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(token);
      }
    }
  };

  const tracker: CommitTracker = {
    release(n) {
      if (n <= 0) return;
      const released = state.retained.splice(0, n);
      let bytes = 0;
      let rows = 0;
      const now = ctx.clock.now();
      for (const r of released) {
        bytes += r.batch.bytes;
        rows += r.batch.rows;
        r.batch.lease?.release(r.batch.bytes);
        ctx.telemetry.metrics?.commitLag(now - r.sentAtMs, { channel: state.name, pipe: ctx.pipe });
      }
      state.rowsCommittedTotal += rows;
      state.heldBytes -= bytes;
      ctx.budget.release(bytes);
    },
    applyStatus(status, generation) {
      if (status) watchRowErrors(status);
      if (generation !== state.generation || state.recovering || state.closed || state.failure)
        return false;
      if (!status) {
        // A reply that leaves the channel out says nothing about its rows: reopening on it would
        // discard what the service has not committed yet (and a recreated channel cannot vouch for
        // the old one). Wait a few polls, then name what is unproven.
        missingPolls += 1;
        if (missingPolls < MISSING_STATUS_POLLS) return false;
        hooks.onStateLost(`missing from the pipe's status in ${missingPolls} polls in a row`);
        return true;
      }
      missingPolls = 0;
      state.lastStatus = status;
      if (!isHealthyStatusCode(status.statusCode)) {
        if (isTakeoverCode(status.statusCode) && !ctx.settings.reclaimOnTakeover) {
          hooks.onTakenOver(`status ${status.statusCode}`);
          return true;
        }
        hooks.onInvalid(
          new InvalidChannelError(`channel "${state.name}" reports status ${status.statusCode}`, {
            code: status.statusCode,
            channelName: state.name,
          }),
        );
        return true;
      }
      const recreated = recreatedReason(state, status);
      if (recreated !== undefined) {
        hooks.onStateLost(recreated);
        return true;
      }
      const committed = status.latestCommittedOffsetToken;
      let match: ReturnType<typeof matchCommittedToken>;
      try {
        match = matchCommittedToken(
          state.retained,
          committed,
          state.latestCommittedOffsetToken,
          status.rowsParsedCount - state.rowsParsedBaseline,
          comparator,
        );
      } catch (error) {
        hooks.onIncomparable(error);
        return true;
      }
      if (match.kind === 'regressed') {
        hooks.onStateLost(
          `the committed offset token went back from ${state.latestCommittedOffsetToken ?? 'null'} to ${committed ?? 'null'}`,
        );
        return true;
      }
      if (match.kind === 'foreign') {
        hooks.onTakenOver(
          `the committed offset token ${committed ?? 'null'} is not one this writer sent`,
        );
        return true;
      }
      let changed = committed !== state.latestCommittedOffsetToken;
      state.latestCommittedOffsetToken = committed;
      const n = match.count;
      if (n > 0) {
        tracker.release(n);
        changed = true;
      }
      settleWaiters();
      return changed;
    },
    wait(condition) {
      const test = toTest(condition);
      let waiter: Waiter | undefined;
      const promise = new Promise<string | null>((resolve, reject) => {
        waiter = { test, resolve, reject };
      });
      const w = waiter as Waiter;
      try {
        if (test(state.latestCommittedOffsetToken)) w.resolve(state.latestCommittedOffsetToken);
        else waiters.push(w);
      } catch (error) {
        w.reject(error);
      }
      return {
        promise,
        cancel(error) {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          w.reject(error);
        },
      };
    },
    rejectAll(error) {
      for (const w of waiters.splice(0)) w.reject(error);
    },
    waiterCount: () => waiters.length,
  };
  return tracker;
}
