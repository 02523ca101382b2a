import type { Clock } from '../clock.js';

/**
 * The real {@link Clock}: `Date.now`, `performance.now` and an abortable `setTimeout` sleep.
 * This module is the only library code allowed to touch real time.
 * @example
 * await systemClock.sleep(100, AbortSignal.timeout(1_000));
 */
export const systemClock: Required<Clock> = Object.freeze({
  now: () => Date.now(),
  monotonicNow: () => performance.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});
