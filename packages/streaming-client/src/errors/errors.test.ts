import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './authentication-error.js';
import { ConfigurationError } from './configuration-error.js';
import { InvalidChannelError } from './invalid-channel-error.js';
import { isStreamingIngestError, StreamingIngestError } from './streaming-ingest-error.js';

describe('error classes', () => {
  it('carry names, codes and fields; the brand survives a foreign copy', () => {
    const cause = new Error('root');
    const base = new StreamingIngestError('m', {
      code: 'X',
      httpStatus: 503,
      requestId: 'r',
      retryAfterMs: 5,
      cause,
      details: { a: 1 },
    });
    expect(base).toMatchObject({
      name: 'StreamingIngestError',
      code: 'X',
      httpStatus: 503,
      requestId: 'r',
      retryAfterMs: 5,
      cause,
      details: { a: 1 },
    });
    expect(Object.isFrozen(base.details)).toBe(true);
    expect(new StreamingIngestError('m', { code: 'Y' })).not.toHaveProperty('httpStatus');
    expect(
      new ConfigurationError('c', { field: 'url', source: 'env SNOWFLAKE_URL' }),
    ).toMatchObject({
      name: 'ConfigurationError',
      code: 'INVALID_CONFIGURATION',
      field: 'url',
      source: 'env SNOWFLAKE_URL',
    });
    expect(
      new InvalidChannelError('i', {
        code: 'ERR_CHANNEL_MUST_BE_REOPENED',
        channelName: 'c',
        httpStatus: 409,
      }),
    ).toMatchObject({
      name: 'InvalidChannelError',
      channelName: 'c',
      httpStatus: 409,
    });
    expect(new AuthenticationError('a')).toMatchObject({
      name: 'AuthenticationError',
      code: 'AUTHENTICATION_FAILED',
    });
    expect(new AuthenticationError('a', { code: '390144', httpStatus: 401 }).code).toBe('390144');
    for (const e of [base, new AuthenticationError('a')]) {
      expect(e).toBeInstanceOf(StreamingIngestError);
      expect(isStreamingIngestError(e)).toBe(true);
    }
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@snowpipe/streaming-ingest-error')]: true,
    });
    expect(isStreamingIngestError(foreign)).toBe(true);
    expect(isStreamingIngestError(new Error('x'))).toBe(false);
    expect(isStreamingIngestError(null)).toBe(false);
  });
});
