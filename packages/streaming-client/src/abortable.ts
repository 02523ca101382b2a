import { raceAbort } from '@snowpipe/retry/internal';

/**
 * Settles with `work`, or rejects with `signal.reason` as soon as `signal` aborts (the work is
 * also told through the signal it was given; this only stops the caller waiting).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal === undefined ? work : raceAbort(work, signal);
}

/** Throws a `TypeError` naming `where` unless `signal` is absent or an `AbortSignal`. */
export function checkSignal(where: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`${where}: signal must be an AbortSignal, got ${typeof signal}`);
  }
  return signal;
}
