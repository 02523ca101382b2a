/** The real-time port the CLI's logic takes, so tests can drive it without waiting. */
export interface CliClock {
  /** Monotonic milliseconds. */
  monotonicNow(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

/** The real clock: the one module that touches `performance` and `setInterval`. */
export const systemClock: CliClock = Object.freeze({
  monotonicNow: () => performance.now(),
  every(ms: number, fn: () => void): () => void {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
});
