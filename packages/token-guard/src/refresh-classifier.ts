import { classifyHttpError } from '@snowpipe/retry';
import type { Classification, Classifier } from '@snowpipe/retry';
import { isTokenGuardError } from './token-guard-error.js';

/**
 * The default classifier for token refreshes: this package's own errors (bad key, invalid or
 * expired token) are not retryable; HTTP statuses and network codes follow `classifyHttpError`;
 * other errors a source throws (unrecognised) are retried as `'unknown'`, since a token endpoint
 * failing for an unknown reason is worth another try.
 */
export const classifyRefreshError: Classifier = (error, context): Classification => {
  if (isTokenGuardError(error)) return { type: 'not_retryable', errorKind: 'client' };
  const c = classifyHttpError(error, context);
  if (c.type === 'not_retryable' && c.errorKind === 'unknown' && c.status === undefined) {
    return { type: 'retryable', errorKind: 'unknown' };
  }
  return c;
};
