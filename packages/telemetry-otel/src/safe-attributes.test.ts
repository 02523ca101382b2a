import { describe, expect, it } from 'vitest';
import { errorTypeOf, safeAttributes, safeLabel } from './safe-attributes.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('safeAttributes', () => {
  it('prefixes keys without a namespace with snowpipe.', () => {
    expect(safeAttributes({ channel: 'c', pipe: 'P', 'custom.key': 1 })).toEqual({
      'snowpipe.channel': 'c',
      'snowpipe.pipe': 'P',
      'custom.key': 1,
    });
  });

  it('drops undefined values and credential-named keys, keeps the rest', () => {
    expect(
      safeAttributes({
        'snowpipe.channel': 'c',
        'snowpipe.rows': 0,
        'snowpipe.ok': false,
        'snowpipe.offset_token': '17',
        missing: undefined,
        authorization: 'x',
        private_key_passphrase: 'x',
        'snowpipe.scoped_token': 'x',
        accessToken: 'x',
      }),
    ).toEqual({
      'snowpipe.channel': 'c',
      'snowpipe.rows': 0,
      'snowpipe.ok': false,
      'snowpipe.offset_token': '17',
    });
    expect(safeAttributes(undefined)).toEqual({});
  });

  it('redacts values that look like a JWT, a bearer header or a PEM block', () => {
    expect(
      safeAttributes({
        a: JWT,
        b: `prefix ${JWT}`,
        c: 'Bearer abc',
        d: '-----BEGIN PRIVATE KEY-----\nx',
      }),
    ).toEqual({
      'snowpipe.a': 'REDACTED',
      'snowpipe.b': 'REDACTED',
      'snowpipe.c': 'REDACTED',
      'snowpipe.d': 'REDACTED',
    });
  });
});

describe('error types', () => {
  it('uses code, then name, never the message', () => {
    expect(errorTypeOf(Object.assign(new Error('m'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorTypeOf(new RangeError('m'))).toBe('RangeError');
    expect(errorTypeOf(Object.assign(new Error('m'), { code: 42 }))).toBe('Error');
    expect(errorTypeOf(Object.assign(new Error('m'), { code: 'has spaces in it' }))).toBe('Error');
    expect(errorTypeOf('a string error')).toBe('_OTHER');
    expect(errorTypeOf(undefined)).toBe('_OTHER');
    expect(errorTypeOf({ name: JWT })).toBe('_OTHER');
  });

  it('bounds labels to code-like strings', () => {
    expect(safeLabel('UND_ERR_SOCKET')).toBe('UND_ERR_SOCKET');
    expect(safeLabel('a'.repeat(65))).toBe('_OTHER');
    expect(safeLabel('x y')).toBe('_OTHER');
    expect(safeLabel(undefined)).toBe('_OTHER');
  });
});
