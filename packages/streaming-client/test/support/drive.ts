import type { FakeClock } from '@snowpipe/test-utils';

/** Lets I/O callbacks and promise chains run (a few event-loop turns). */
export async function ioTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Drives a fake clock in small steps until `work` settles, letting real I/O (the emulator on
 * 127.0.0.1) progress between steps. Virtual time may run ahead of the I/O; correctness never
 * depends on how far.
 */
export async function drive<T>(
  clock: FakeClock,
  work: Promise<T>,
  options: { stepMs?: number; maxSteps?: number } = {},
): Promise<T> {
  const { stepMs = 10, maxSteps = 50_000 } = options;
  let done = false;
  work.then(
    () => void (done = true),
    () => void (done = true),
  );
  for (let i = 0; i < maxSteps && !done; i++) {
    await ioTurns();
    if (!done) await clock.tick(stepMs);
  }
  return work;
}
