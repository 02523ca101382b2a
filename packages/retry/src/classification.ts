/** A closed set of failure kinds, for metrics and decisions. */
export type ErrorKind =
  | 'throttling'
  | 'transient'
  | 'server'
  | 'client'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'aborted'
  | 'unknown';

/** What a {@link Classifier} decides about a failed attempt. */
export type Classification =
  | { type: 'retryable'; errorKind: ErrorKind; status?: number; retryAfterMs?: number }
  | { type: 'not_retryable'; errorKind: ErrorKind; status?: number }
  | { type: 'aborted' };

/** What an attempt (and a classifier) knows about where it stands. */
export interface AttemptContext {
  /** The operation name given to `execute`. */
  readonly operation: string;
  /** The attempt number, 1-based. */
  readonly attempt: number;
  /** Milliseconds left until the earlier of the deadline and `maxElapsedMs`. */
  readonly remainingMs: number;
  /** The caller's abort signal, if any; pass it on to the I/O the attempt does. */
  readonly signal: AbortSignal | undefined;
  /**
   * Wall-clock epoch ms when the coordinator classifies the failure (set for classifiers only);
   * lets {@link parseRetryAfter} read an HTTP-date `Retry-After`.
   */
  readonly nowMs?: number;
}

/** Maps a thrown error to a {@link Classification}. */
export type Classifier = (error: unknown, context: AttemptContext) => Classification;
