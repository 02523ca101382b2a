import { describe, expect, it } from 'vitest';
import { classifyNetworkError, describeTarget } from './classify-network-error.js';

describe('classifyNetworkError', () => {
  it.each([
    ['ECONNREFUSED', 'ECONNREFUSED', false],
    ['ENOTFOUND', 'ENOTFOUND', false],
    ['EAI_AGAIN', 'ENOTFOUND', false],
    ['ECONNRESET', 'ECONNRESET', true],
    ['EPIPE', 'ECONNRESET', true],
    ['UND_ERR_SOCKET', 'ECONNRESET', true],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT', false],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT', true],
    ['UND_ERR_BODY_TIMEOUT', 'TIMEOUT', true],
    ['HPE_INVALID_CONSTANT', 'PROTOCOL', true],
    ['UND_ERR_CLOSED', 'ABORTED', false],
  ] as const)('maps %s to %s (reached: %s)', (raw, code, reached) => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: raw }),
    });
    expect(classifyNetworkError(error)).toMatchObject({ code, mayHaveReachedServer: reached });
  });

  it('walks nested causes and falls back to UNKNOWN (may have reached the server)', () => {
    const deep = new Error('a', { cause: new Error('b', { cause: { code: 'ECONNREFUSED' } }) });
    expect(classifyNetworkError(deep).code).toBe('ECONNREFUSED');
    expect(classifyNetworkError(new TypeError('Failed to fetch'))).toEqual({
      code: 'UNKNOWN',
      mayHaveReachedServer: true,
      description: 'network error',
    });
    expect(classifyNetworkError('boom').code).toBe('UNKNOWN');
  });
});

describe('describeTarget', () => {
  it('keeps method, origin and path but drops the query string and credentials', () => {
    expect(describeTarget('POST', 'https://u:pw@h.example:8443/v2/x?continuationToken=abc#f')).toBe(
      'POST https://h.example:8443/v2/x',
    );
    expect(describeTarget('GET', 'not a url')).toBe('GET');
  });
});
