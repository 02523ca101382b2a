/**
 * A fake clock for deterministic tests: time moves only when the test says so.
 *
 * It satisfies every package's `Clock` port structurally (`now()`, `monotonicNow()`,
 * `sleep(ms, signal)`), and adds controls: `advance`, `tick`, `jumpWallClock`.
 */
export interface FakeClock {
  /** Wall-clock milliseconds since the epoch (what `Date.now()` would return). */
  now(): number;
  /** Monotonic milliseconds; unaffected by {@link FakeClock.jumpWallClock}. */
  monotonicNow(): number;
  /**
   * Resolves once the test has advanced time by `ms`. Rejects at once with the signal's reason
   * when `signal` aborts (already aborted: rejects immediately).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Moves both clocks forward by `ms`, resolving every sleep that falls due, in order, and
   * letting promise callbacks run between them so chained sleeps also fire.
   */
  tick(ms: number): Promise<void>;
  /** Advances to the next pending sleep (if any) and resolves it. Returns false when none is pending. */
  next(): Promise<boolean>;
  /** Runs pending sleeps until none remain, or `maxSteps` is reached (guards against loops). */
  runAll(maxSteps?: number): Promise<number>;
  /** Moves only the wall clock (simulates NTP corrections or a VM resume). */
  jumpWallClock(ms: number): void;
  /** Number of sleeps waiting for time to advance. */
  pendingSleeps(): number;
  /**
   * Milliseconds until the earliest pending sleep falls due (`undefined` when none is pending):
   * lets a driver skip ahead to backoffs while leaving far-off timers (request timeouts) alone.
   */
  nextDueInMs(): number | undefined;
  /** Durations requested by every `sleep` call so far, in order (for delay assertions). */
  readonly sleepLog: readonly number[];
}

interface Sleeper {
  dueAt: number;
  seq: number;
  resolve: () => void;
}

/** Lets queued promise callbacks run (several turns, so chains of awaits settle). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/** Options for {@link createFakeClock}. */
export interface FakeClockOptions {
  /** Initial wall-clock time in ms. @default 1_700_000_000_000 */
  startMs?: number;
  /** Initial monotonic time in ms. @default 0 */
  monotonicStartMs?: number;
}

/**
 * Creates a {@link FakeClock}.
 * @example
 * const clock = createFakeClock();
 * const done = clock.sleep(100);
 * await clock.tick(100); // `done` is now resolved
 */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let wall = options.startMs ?? 1_700_000_000_000;
  let mono = options.monotonicStartMs ?? 0;
  let seq = 0;
  const sleepers: Sleeper[] = [];
  const sleepLog: number[] = [];

  const take = (s: Sleeper): void => {
    const i = sleepers.indexOf(s);
    if (i >= 0) sleepers.splice(i, 1);
  };
  const earliest = (): Sleeper | undefined => {
    let best: Sleeper | undefined;
    for (const s of sleepers) {
      if (!best || s.dueAt < best.dueAt || (s.dueAt === best.dueAt && s.seq < best.seq)) best = s;
    }
    return best;
  };
  const moveTo = (target: number): void => {
    const delta = target - mono;
    mono = target;
    wall += delta;
  };

  const clock: FakeClock = {
    now: () => wall,
    monotonicNow: () => mono,
    sleep(ms, signal) {
      sleepLog.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<void>((resolve, reject) => {
        const sleeper: Sleeper = {
          dueAt: mono + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          take(sleeper);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    async tick(ms) {
      const target = mono + ms;
      await flushMicrotasks();
      for (;;) {
        const s = earliest();
        if (!s || s.dueAt > target) break;
        take(s);
        moveTo(Math.max(mono, s.dueAt));
        s.resolve();
        await flushMicrotasks();
      }
      moveTo(target);
      await flushMicrotasks();
    },
    async next() {
      await flushMicrotasks();
      const s = earliest();
      if (!s) return false;
      take(s);
      moveTo(Math.max(mono, s.dueAt));
      s.resolve();
      await flushMicrotasks();
      return true;
    },
    async runAll(maxSteps = 10_000) {
      let steps = 0;
      while (steps < maxSteps && (await clock.next())) steps++;
      return steps;
    },
    jumpWallClock(ms) {
      wall += ms;
    },
    pendingSleeps: () => sleepers.length,
    nextDueInMs() {
      const s = earliest();
      return s === undefined ? undefined : s.dueAt - mono;
    },
    sleepLog,
  };
  return clock;
}
