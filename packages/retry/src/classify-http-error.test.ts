import { describe, expect, it } from 'vitest';
import type { AttemptContext, Classification } from './classification.js';
import { classifyHttpError } from './classify-http-error.js';

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
const ctx: AttemptContext = {
  operation: 'op',
  attempt: 1,
  remainingMs: 1000,
  signal: undefined,
  nowMs: NOW,
};
const classify = (error: unknown): Classification => classifyHttpError(error, ctx);
const httpError = (status: number, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

describe('classifyHttpError: HTTP statuses', () => {
  const table: Array<[number, Classification['type'], string]> = [
    [100, 'not_retryable', 'unknown'],
    [101, 'not_retryable', 'unknown'],
    [200, 'not_retryable', 'unknown'],
    [204, 'not_retryable', 'unknown'],
    [301, 'not_retryable', 'unknown'],
    [304, 'not_retryable', 'unknown'],
    [400, 'not_retryable', 'client'],
    [401, 'not_retryable', 'auth'],
    [403, 'not_retryable', 'auth'],
    [404, 'not_retryable', 'client'],
    [409, 'not_retryable', 'client'],
    [413, 'not_retryable', 'client'],
    [422, 'not_retryable', 'client'],
    [408, 'retryable', 'timeout'],
    [429, 'retryable', 'throttling'],
    [500, 'retryable', 'server'],
    [502, 'retryable', 'transient'],
    [503, 'retryable', 'transient'],
    [504, 'retryable', 'timeout'],
    [501, 'not_retryable', 'server'],
    [505, 'not_retryable', 'server'],
  ];
  it.each(table)('status %i -> %s (%s)', (status, type, errorKind) => {
    expect(classify(httpError(status))).toEqual({ type, errorKind, status });
  });

  it('reads httpStatus and statusCode as well as status', () => {
    expect(classify({ httpStatus: 503 })).toMatchObject({ type: 'retryable', status: 503 });
    expect(classify({ statusCode: 404 })).toMatchObject({ type: 'not_retryable', status: 404 });
    expect(classify({ status: 429, statusCode: 404 })).toMatchObject({ status: 429 });
    expect(classify({ status: '503' })).toEqual({ type: 'not_retryable', errorKind: 'unknown' });
  });
});

describe('classifyHttpError: retry hints', () => {
  it('takes retryAfterMs from the error', () => {
    expect(classify(httpError(429, { retryAfterMs: 1500 }))).toEqual({
      type: 'retryable',
      errorKind: 'throttling',
      status: 429,
      retryAfterMs: 1500,
    });
  });

  it('parses a retry-after header in seconds or as an HTTP date (record or Headers)', () => {
    expect(classify(httpError(503, { headers: { 'retry-after': '7' } }))).toMatchObject({
      retryAfterMs: 7000,
    });
    const headers = new Headers({ 'Retry-After': 'Wed, 21 Oct 2015 07:28:02 GMT' });
    expect(classify(httpError(429, { headers }))).toMatchObject({ retryAfterMs: 2000 });
    expect(classify(httpError(429, { headers: { 'retry-after': ['4'] } }))).toMatchObject({
      retryAfterMs: 4000,
    });
  });

  it('ignores garbage, negative or infinite hints', () => {
    for (const extra of [
      { headers: { 'retry-after': 'later' } },
      { headers: { 'retry-after': '-3' } },
      { retryAfterMs: -1 },
      { retryAfterMs: Infinity },
      { retryAfterMs: '5' },
      { headers: null },
    ]) {
      expect(classify(httpError(429, extra))).toEqual({
        type: 'retryable',
        errorKind: 'throttling',
        status: 429,
      });
    }
  });

  it('gives no hint for a non-retryable status', () => {
    expect(classify(httpError(400, { retryAfterMs: 100 }))).not.toHaveProperty('retryAfterMs');
  });
});

describe('classifyHttpError: network, abort and unknown errors', () => {
  const withCode = (code: string, name = 'Error'): Error =>
    Object.assign(new Error(code), { code, name });
  const retryable: Array<[string, string]> = [
    ['ECONNRESET', 'network'],
    ['ECONNREFUSED', 'network'],
    ['EPIPE', 'network'],
    ['ENOTFOUND', 'network'],
    ['EAI_AGAIN', 'network'],
    ['EHOSTUNREACH', 'network'],
    ['UND_ERR_SOCKET', 'network'],
    ['ETIMEDOUT', 'timeout'],
    ['TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
  ];
  it.each(retryable)('code %s is retryable (%s)', (code, errorKind) => {
    expect(classify(withCode(code))).toEqual({ type: 'retryable', errorKind });
  });

  it('recognises TransportError-shaped objects by their code', () => {
    const transport = (code: string): Error =>
      Object.assign(new Error('POST https://x: failed'), {
        name: 'TransportError',
        code,
        mayHaveReachedServer: true,
      });
    expect(classify(transport('ECONNRESET'))).toEqual({ type: 'retryable', errorKind: 'network' });
    expect(classify(transport('TIMEOUT'))).toEqual({ type: 'retryable', errorKind: 'timeout' });
    expect(classify(transport('ABORTED'))).toEqual({ type: 'aborted' });
    expect(classify(transport('BODY_TOO_LARGE'))).toEqual({
      type: 'not_retryable',
      errorKind: 'unknown',
    });
  });

  it('looks through cause (fetch wraps socket errors)', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('UND_ERR_SOCKET') });
    expect(classify(fetchFailed)).toEqual({ type: 'retryable', errorKind: 'network' });
    const deep = new Error('a', { cause: new Error('b', { cause: withCode('ECONNRESET') }) });
    expect(classify(deep)).toEqual({ type: 'retryable', errorKind: 'network' });
  });

  it('treats AbortError and code ABORTED as aborted, TimeoutError as a retryable timeout', () => {
    expect(classify(new DOMException('stop', 'AbortError'))).toEqual({ type: 'aborted' });
    expect(classify(withCode('ABORT_ERR'))).toEqual({ type: 'aborted' });
    expect(classify(withCode('UND_ERR_ABORTED'))).toEqual({ type: 'aborted' });
    expect(classify(new DOMException('slow', 'TimeoutError'))).toEqual({
      type: 'retryable',
      errorKind: 'timeout',
    });
  });

  it('does not retry unknown errors or non-objects', () => {
    for (const e of [new Error('boom'), withCode('EACCES'), 'string', 42, null, undefined, {}]) {
      expect(classify(e)).toEqual({ type: 'not_retryable', errorKind: 'unknown' });
    }
  });
});
