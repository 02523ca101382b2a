/**
 * The client-wide cap on bytes held in memory (buffered, in flight, or sent but not yet committed),
 * shared by all channels of one client. Waiters are served first come, first served, so appends
 * on one channel keep their order while they wait.
 */
export interface ByteBudget {
  /** Takes `bytes` at once if they fit and nobody waits; false otherwise. */
  tryAcquire(bytes: number): boolean;
  /** Takes `bytes`, waiting (in arrival order) until they fit; rejects on abort or {@link ByteBudget.rejectWaiters}. */
  acquire(bytes: number, signal?: AbortSignal): Promise<void>;
  /** Gives `bytes` back and wakes waiters that now fit. */
  release(bytes: number): void;
  /** Rejects every waiter with `error` (client closing). */
  rejectWaiters(error: Error): void;
  /** Bytes currently held. */
  used(): number;
  /** Appends currently waiting. */
  waiting(): number;
  readonly maxBytes: number;
}

interface Waiter {
  bytes: number;
  resolve(): void;
  reject(error: Error): void;
}

/** Options for {@link createByteBudget}. */
export interface ByteBudgetOptions {
  maxBytes: number;
  /** Called when an append starts waiting (so the owner can flush early). */
  onPressure?: () => void;
  /** Called with the new total after every change (buffered-bytes metric). */
  onChange?: (usedBytes: number) => void;
}

/** Creates a {@link ByteBudget}. A single request larger than the cap is let through when nothing else is held, so it cannot wait forever. */
export function createByteBudget(options: ByteBudgetOptions): ByteBudget {
  const { maxBytes } = options;
  let used = 0;
  const waiters: Waiter[] = [];

  const fits = (bytes: number): boolean => used + bytes <= maxBytes || used === 0;
  const take = (bytes: number): void => {
    used += bytes;
    options.onChange?.(used);
  };
  const drain = (): void => {
    while (waiters.length > 0) {
      const head = waiters[0] as Waiter;
      if (!fits(head.bytes)) return;
      waiters.shift();
      take(head.bytes);
      head.resolve();
    }
  };

  return {
    maxBytes,
    tryAcquire(bytes) {
      if (waiters.length > 0 || !fits(bytes)) return false;
      take(bytes);
      return true;
    },
    acquire(bytes, signal) {
      if (waiters.length === 0 && fits(bytes)) {
        take(bytes);
        return Promise.resolve();
      }
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(signal?.reason as Error);
          drain();
        };
        const waiter: Waiter = {
          bytes,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(waiter);
        options.onPressure?.();
      });
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
      options.onChange?.(used);
      drain();
    },
    rejectWaiters(error) {
      for (const w of waiters.splice(0)) w.reject(error);
    },
    used: () => used,
    waiting: () => waiters.length,
  };
}
