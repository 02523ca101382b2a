import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, parseErrorBody } from './parse-error-body.js';

describe('parseErrorBody (reference §9.1 shapes)', () => {
  it.each([
    [
      '{"code":"STALE_CONTINUATION_TOKEN_SEQUENCER","message":"reopen"}',
      'STALE_CONTINUATION_TOKEN_SEQUENCER',
      'reopen',
    ],
    [
      '{"error_code":"ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED","message":"no pipe"}',
      'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
      'no pipe',
    ],
    ['"ERR_GENERAL_EXCEPTION_RETRY_REQUEST"', 'ERR_GENERAL_EXCEPTION_RETRY_REQUEST', undefined],
    ['ERR_GENERAL_EXCEPTION_RETRY_REQUEST\n', 'ERR_GENERAL_EXCEPTION_RETRY_REQUEST', undefined],
    [
      '{"error":"ERR_PIPE_KIND_NOT_SUPPORTED","detail":1}',
      'ERR_PIPE_KIND_NOT_SUPPORTED',
      undefined,
    ],
    ['{"error":{"code":"X1","message":"nested"}}', 'X1', 'nested'],
    [
      '{"code":"391902","message":"Unsupported Accept header null is specified"}',
      '391902',
      'Unsupported Accept header null is specified',
    ],
    ['{"code":390144,"message":"JWT token is invalid."}', '390144', 'JWT token is invalid.'],
    ['{"status_code":10,"message":"retry"}', '10', 'retry'],
    ['{"status_code":4,"code":"ERR_X","message":"m","result_handler":null}', 'ERR_X', 'm'],
    ['<html>Bad gateway</html>', undefined, '<html>Bad gateway</html>'],
    ['"a sentence, not a code"', undefined, 'a sentence, not a code'],
    ['[1,2]', undefined, '[1,2]'],
    ['', undefined, undefined],
    ['{}', undefined, undefined],
  ])('%s', (body, code, message) => {
    expect(parseErrorBody(body)).toEqual({ code, message });
  });

  it('clips huge messages', () => {
    const { message } = parseErrorBody(JSON.stringify({ code: 'C', message: 'm'.repeat(10_000) }));
    expect(message).toHaveLength(MAX_MESSAGE_CHARS + 1);
    expect(parseErrorBody('x '.repeat(5000)).message?.length).toBe(MAX_MESSAGE_CHARS + 1);
  });
});
