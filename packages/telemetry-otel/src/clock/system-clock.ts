import type { MonotonicClock } from '../port-types.js';

/**
 * The default clock for HTTP attempt durations: `performance.now()` (monotonic milliseconds).
 * The only file in this package allowed to read real time.
 */
export const systemMonotonicClock: MonotonicClock = Object.freeze({
  monotonicNow: (): number => performance.now(),
});
