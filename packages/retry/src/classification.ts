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
  | {
      /** The attempt may be tried again. */
      type: 'retryable';
      /** The kind of failure, for metrics and logs. */
      errorKind: ErrorKind;
      /** The HTTP status of the failed response, when there was one. */
      status?: number;
      /** The server's delay hint (such as `Retry-After`), in ms; replaces the backoff delay. */
      retryAfterMs?: number;
    }
  | {
      /** Trying again cannot help; the coordinator gives up at once. */
      type: 'not_retryable';
      /** The kind of failure, for metrics and logs. */
      errorKind: ErrorKind;
      /** The HTTP status of the failed response, when there was one. */
      status?: number;
    }
  | {
      /** The caller aborted; the coordinator stops without another attempt. */
      type: 'aborted';
    };

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
