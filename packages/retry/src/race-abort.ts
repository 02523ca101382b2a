/**
 * Settles with `promise`, or rejects at once with `signal.reason` when `signal` aborts first (or
 * already has), so work that ignores its signal still cannot hold the caller. Only this caller
 * gives up: `promise` keeps running for anyone else sharing it, and its late rejection is
 * observed here, never left unhandled.
 *
 * @example
 * ```ts
 * const body = await raceAbort(sharedRefresh, request.signal);
 * ```
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // Rethrow exactly what the attempt threw, Error or not.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}
