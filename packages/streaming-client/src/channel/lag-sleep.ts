import type { Clock } from '@snowpipe/retry';
import { CUT_SHORT } from './cut-short.js';

/**
 * The flusher's wait for a batch's lag deadline, which rows, a flush, a recovery or close cut
 * short with {@link LagSleep.wake}.
 *
 * A channel that is fed steadily waits and is woken once or more per batch, so waking must be
 * cheap: it resolves a promise and leaves the clock timer armed (an `AbortController` and a
 * cancelled timer per wake cost more than the rest of a small append). A later wait that ends no
 * earlier than the armed timer reuses it; one that must end earlier replaces it. A wait can
 * therefore end before its time when an older timer fires: callers re-check their condition and
 * wait again, which the flusher's loop does anyway.
 */
export interface LagSleep {
  /** Resolves after about `ms` (possibly earlier, see above) or at the next `wake()`. */
  sleep(ms: number): Promise<void>;
  /** Ends the current wait, if any. */
  wake(): void;
  /**
   * Cancels the armed timer and ends the current wait: the flusher stopped (nothing buffered,
   * or the channel closed or failed), so no timer may keep the process alive. A later wait arms
   * a new one.
   */
  stop(): void;
}

interface ArmedTimer {
  readonly atMs: number;
  readonly controller: AbortController;
}

/** Creates a {@link LagSleep} on `clock`. */
export function createLagSleep(clock: Clock): LagSleep {
  let armed: ArmedTimer | undefined;
  let waiter: (() => void) | undefined;

  const wake = (): void => {
    const resolve = waiter;
    waiter = undefined;
    resolve?.();
  };

  const arm = (ms: number): void => {
    const atMs = clock.now() + ms;
    if (armed !== undefined && armed.atMs <= atMs) return; // fires first: reuse it
    armed?.controller.abort(CUT_SHORT);
    const timer: ArmedTimer = { atMs, controller: new AbortController() };
    armed = timer;
    clock.sleep(ms, timer.controller.signal).then(
      () => {
        if (armed === timer) armed = undefined;
        wake();
      },
      () => {
        if (armed === timer) armed = undefined; // replaced or disposed
      },
    );
  };

  return {
    sleep(ms) {
      wake(); // one waiter at a time: a previous one must not hang
      arm(ms);
      return new Promise<void>((resolve) => {
        waiter = resolve;
      });
    },
    wake,
    stop() {
      armed?.controller.abort(CUT_SHORT);
      armed = undefined;
      wake();
    },
  };
}
