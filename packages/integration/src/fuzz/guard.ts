import { withWallClockGuard } from '../chaos/clock/system-clock.js';

/** The settled outcome of a guarded call. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fn` and settles it into an {@link Outcome}; a call still pending after `limitMs` of real
 * time fails the test as a hang (the guard error is thrown, not returned).
 */
export async function settle<T>(
  label: string,
  fn: () => Promise<T>,
  limitMs = 5_000,
): Promise<Outcome<T>> {
  const work = (async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      return { ok: false, error };
    }
  })();
  return withWallClockGuard(work, limitMs, () => `${label} hung for ${limitMs} ms`);
}
