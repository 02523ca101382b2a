import type { Clock } from '@snowpipe/retry';
import { CUT_SHORT } from './cut-short.js';

/**
 * Waits for `work` until `timeoutMs` passes on `clock` (rejecting with `onTimeout()`) or `signal`
 * aborts (rejecting with its reason). The timer sleep is cancelled once `work` settles, so no
 * sleeper is left behind on a fake clock.
 */
export async function withDeadline<T>(
  clock: Clock,
  work: Promise<T>,
  timeoutMs: number | undefined,
  onTimeout: () => Error,
  signal?: AbortSignal,
): Promise<T> {
  if (timeoutMs === undefined && !signal) return work;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const guards: Array<Promise<never>> = [];
  if (timeoutMs !== undefined) {
    guards.push(
      clock.sleep(Math.max(0, timeoutMs), controller.signal).then(() => {
        throw onTimeout();
      }),
    );
  } else {
    guards.push(
      new Promise<never>((_, reject) => {
        controller.signal.addEventListener(
          'abort',
          () => reject(controller.signal.reason as Error),
          {
            once: true,
          },
        );
      }),
    );
  }
  if (signal?.aborted) controller.abort(signal.reason);
  try {
    return await Promise.race([work, ...guards]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!controller.signal.aborted) controller.abort(CUT_SHORT);
    // The losing guard rejects on abort; keep that rejection handled.
    for (const g of guards) g.catch(() => undefined);
  }
}
