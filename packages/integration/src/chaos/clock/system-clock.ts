// The only file of this package that touches real time (the lint rule allows `system-clock.ts`).
// Chaos runs talk real HTTP on loopback, so they need a wall-clock guard that fails a run rather
// than letting it hang, a stopwatch, and short real delays for progress-only work (releasing a
// withheld commit). No assertion depends on these timings.

/** Wall-clock milliseconds (epoch). */
export function wallNow(): number {
  return Date.now();
}

/** Monotonic milliseconds for durations. */
export function monotonicNow(): number {
  return performance.now();
}

/** Resolves after `ms` of real time; the timer does not keep the process alive. */
export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}

/** Thrown by {@link withWallClockGuard} when the work does not settle in time. */
export class WallClockGuardError extends Error {
  override readonly name = 'WallClockGuardError';
  readonly code = 'DEADLINE_EXCEEDED';
  constructor(
    message: string,
    readonly limitMs: number,
  ) {
    super(message);
  }
}

/**
 * Races `work` against a real-time deadline: rejects with a {@link WallClockGuardError} built
 * from `describe()` when `limitMs` passes first, after running `onTimeout` (cleanup that makes
 * the hung work settle, e.g. stopping the emulator).
 */
export async function withWallClockGuard<T>(
  work: Promise<T>,
  limitMs: number,
  describe: () => string,
  onTimeout?: () => Promise<void> | void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new WallClockGuardError(describe(), limitMs);
      Promise.resolve()
        .then(() => onTimeout?.())
        .catch(() => undefined)
        .finally(() => reject(error));
    }, limitMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
  }
}
