import { describe, expect, it } from 'vitest';
import { PLAIN_HTTP_HINT, plainHttpHint } from './plain-http-hint.js';

describe('plainHttpHint', () => {
  it('finds OpenSSL refusing a non-TLS answer anywhere in the cause chain', () => {
    const openssl = Object.assign(
      new Error('…:SSL routines:ssl3_get_record:wrong version number:…'),
      {
        code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      },
    );
    const chain = new Error('GET https://127.0.0.1:8080/v2/streaming/hostname failed', {
      cause: new TypeError('fetch failed', { cause: openssl }),
    });
    expect(plainHttpHint(chain)).toBe(PLAIN_HTTP_HINT);
    expect(plainHttpHint({ code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG' })).toBe(PLAIN_HTTP_HINT);
    expect(
      plainHttpHint(new AggregateError([new Error('x'), { reason: 'wrong version number' }])),
    ).toBe(PLAIN_HTTP_HINT);
  });

  it('says nothing for other network errors, and survives cycles', () => {
    expect(
      plainHttpHint(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(undefined);
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(plainHttpHint(cyclic)).toBe(undefined);
    expect(plainHttpHint('wrong version number')).toBe(undefined);
  });
});
