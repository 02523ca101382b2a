import { describe, expect, it } from 'vitest';
import { RetryError } from '@snowpipe/retry';
import { AuthenticationError } from '../errors/authentication-error.js';
import { InvalidChannelError } from '../errors/invalid-channel-error.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { TransportError } from '@snowpipe/transport-contract';
import { classifyChannelFailure } from './classify-channel-failure.js';

const err = (code: string, httpStatus?: number) =>
  new StreamingIngestError(code, { code, httpStatus });

function retryExhausted(operation: string): StreamingIngestError {
  const retry = Object.assign(Object.create(RetryError.prototype) as RetryError, {
    name: 'RetryError',
    code: 'ATTEMPTS_EXHAUSTED',
    outcome: { operation, succeeded: false, attempts: [], totalElapsedMs: 0 },
    [Symbol.for('@snowpipe/retry-error')]: true,
  });
  return new StreamingIngestError('gave up', {
    code: 'RETRY_EXHAUSTED',
    httpStatus: 503,
    cause: retry,
  });
}

describe('classifyChannelFailure', () => {
  it.each([
    ['stale continuation token', err('STALE_CONTINUATION_TOKEN_SEQUENCER', 400), 'fence'],
    ['409 must be reopened', err('ERR_CHANNEL_MUST_BE_REOPENED', 409), true],
    ['409 row sequence gap', err('ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP', 409), true],
    ['409 invalid row sequencer', err('ERR_CHANNEL_HAS_INVALID_ROW_SEQUENCER', 409), true],
    ['409 invalid client sequencer', err('ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER', 409), 'fence'],
    ['404 channel missing', err('ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED', 404), true],
    [
      'invalid channel error',
      new InvalidChannelError('x', { code: 'ERR_X', channelName: 'c' }),
      true,
    ],
    ['network failure after send', err('NETWORK'), true],
    ['503 after retries', err('HTTP_ERROR', 503), true],
    [
      'a raw transport error',
      new TransportError('reset', { code: 'ECONNRESET', mayHaveReachedServer: true }),
      true,
    ],
    ['400 bad request', err('ERR_BAD_NDJSON', 400), false],
    ['401 authentication', new AuthenticationError('denied', { httpStatus: 401 }), false],
    ['an unknown error', new Error('bug'), false],
    ['channel has uncommitted data', err('ERR_CHANNEL_HAS_UNCOMMITTED_DATA', 409), false],
  ] as const)('%s -> %s', (_label, error, expected) => {
    const action = expected === true ? 'reopen' : expected === false ? 'fail' : expected;
    expect(classifyChannelFailure(error, 'append_rows')).toBe(action);
  });

  it('reopens after a takeover only when the user opted into reclaiming', () => {
    const stale = err('STALE_CONTINUATION_TOKEN_SEQUENCER', 400);
    expect(classifyChannelFailure(stale, 'append_rows', true)).toBe('reopen');
    expect(classifyChannelFailure(stale, 'append_rows', false)).toBe('fence');
  });

  it('does not reopen when the retries that gave up belong to a token exchange', () => {
    expect(classifyChannelFailure(retryExhausted('exchange_token'), 'append_rows')).toBe('fail');
    expect(classifyChannelFailure(retryExhausted('append_rows'), 'append_rows')).toBe('reopen');
  });
});
