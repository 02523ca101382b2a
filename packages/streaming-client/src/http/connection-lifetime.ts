import { setMaxListeners } from 'node:events';
import type { Clock } from '@snowpipe/retry';

/** The abort switch every request of one connection runs under. */
export interface ConnectionLifetime {
  /** The signal a request runs under: its own `signal` (if any) combined with the connection's. */
  signalFor(signal: AbortSignal | undefined): AbortSignal;
  /** Aborts every request in flight, and every later one, with `reason`. */
  abort(reason: Error): void;
  /** The reason given to {@link ConnectionLifetime.abort}, once it was called. */
  reason(): Error | undefined;
}

/** Creates the {@link ConnectionLifetime} of one connection. */
export function createConnectionLifetime(): ConnectionLifetime {
  const controller = new AbortController();
  // Every concurrent backoff sleep of every channel listens to this one signal: many listeners
  // are expected, not a leak.
  setMaxListeners(0, controller.signal);
  return {
    signalFor: (signal) =>
      signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]),
    abort(reason) {
      if (!controller.signal.aborted) controller.abort(reason);
    },
    reason: () => (controller.signal.aborted ? (controller.signal.reason as Error) : undefined),
  };
}

/**
 * Waits for `work` at most `waitMs` on `clock` (resolving either way; `work`'s failure is
 * swallowed): for a transport's `close()`, which a third-party transport may never settle.
 */
export async function waitAtMost(
  clock: Clock,
  work: Promise<unknown>,
  waitMs: number,
): Promise<void> {
  const timer = new AbortController();
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  const expired = clock.sleep(Math.max(0, waitMs), timer.signal).catch(() => undefined);
  try {
    await Promise.race([settled, expired]);
  } finally {
    timer.abort(new Error('settled'));
  }
}
