/**
 * The time source the retry coordinator needs: a wall clock, an optional monotonic clock and an
 * abortable sleep. Inject a fake one in tests; {@link systemClock} is the real one.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Monotonic milliseconds (unaffected by wall-clock jumps); used for elapsed time when present. */
  monotonicNow?(): number;
  /** Resolves after `ms`; rejects at once with `signal.reason` when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
