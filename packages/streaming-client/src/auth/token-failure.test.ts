import { TokenRefreshError } from '@snowpipe/token-guard';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../errors/authentication-error.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { tokenFailure } from './token-failure.js';

const serviceError = (): StreamingIngestError =>
  new StreamingIngestError('exchange failed', { code: 'RETRY_EXHAUSTED', httpStatus: 503 });

describe('tokenFailure', () => {
  it('surfaces the service error behind a failed refresh', () => {
    const inner = serviceError();
    const err = new TokenRefreshError('REFRESH_FAILED', 'refresh failed', {
      cause: inner,
      attempts: 1,
      consecutiveFailures: 1,
    });
    expect(tokenFailure(err)).toBe(inner);
  });

  it('says REFRESH_ESCALATED when the guard escalated, keeping both errors in the cause chain', () => {
    const inner = serviceError();
    const escalated = new TokenRefreshError('REFRESH_ESCALATED', 'escalated', {
      cause: inner,
      attempts: 1,
      consecutiveFailures: 3,
    });
    const out = tokenFailure(escalated) as StreamingIngestError;
    expect(out).toBeInstanceOf(StreamingIngestError);
    expect(out).toMatchObject({ code: 'REFRESH_ESCALATED', httpStatus: 503 });
    expect(out.cause).toBe(escalated);
    expect((out.cause as Error).cause).toBe(inner);
  });

  it('returns the abort reason when the caller aborted', () => {
    const ac = new AbortController();
    const reason = new Error('stop');
    ac.abort(reason);
    expect(tokenFailure(serviceError(), ac.signal)).toBe(reason);
  });

  it('wraps anything else as an AuthenticationError', () => {
    expect(tokenFailure(new Error('boom'))).toBeInstanceOf(AuthenticationError);
  });
});
