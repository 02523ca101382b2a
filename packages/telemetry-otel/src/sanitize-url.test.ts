import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeUrl } from './sanitize-url.js';

describe('sanitizeUrl', () => {
  it.each([
    ['https://h.example/p?requestId=abc', 'https://h.example/p?requestId=abc'],
    ['https://user:pw@h.example/p', 'https://h.example/p'],
    [
      'https://h.example/p?token=SECRET&requestId=r',
      'https://h.example/p?token=REDACTED&requestId=r',
    ],
    [
      'https://h.example/p?access_token=a&X-Amz-Signature=b&sig=c',
      'https://h.example/p?access_token=REDACTED&X-Amz-Signature=REDACTED&sig=REDACTED',
    ],
    [
      'https://h.example/p?client_secret=a&apiKey=b&password=c&client_assertion=d',
      'https://h.example/p?client_secret=REDACTED&apiKey=REDACTED&password=REDACTED&client_assertion=REDACTED',
    ],
    [
      'https://h.example/p?continuationToken=1_2&offsetToken=o',
      'https://h.example/p?continuationToken=REDACTED&offsetToken=REDACTED',
    ],
    ['https://h.example/p?token=a&token=b', 'https://h.example/p?token=REDACTED'],
    ['https://h.example/p#access_token=x', 'https://h.example/p'],
    [
      'https://h.example/p?k=eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln',
      'https://h.example/p?k=REDACTED',
    ],
    ['https://h.example/a/eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln/b', 'https://h.example/REDACTED'],
    ['http://127.0.0.1:8080/v2/streaming/hostname', 'http://127.0.0.1:8080/v2/streaming/hostname'],
  ])('%s -> %s', (input, expected) => {
    expect(sanitizeUrl(input)).toBe(expected);
  });

  it('returns undefined for what it cannot parse', () => {
    expect(sanitizeUrl('/relative?token=SECRET')).toBeUndefined();
    expect(sanitizeUrl('')).toBeUndefined();
  });

  it('never keeps the value of a secret-named parameter or userinfo (property)', () => {
    const secret = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `S3CR3T${s}`);
    const name = fc.constantFrom(
      'token',
      'id_token',
      'clientSecret',
      'api_key',
      'Password',
      'assertion',
      'signature',
      'auth',
    );
    fc.assert(
      fc.property(secret, name, secret, (value, param, pass) => {
        const url = new URL('https://h.example/a');
        url.username = 'u';
        url.password = pass;
        url.searchParams.set('requestId', 'r');
        url.searchParams.set(param, value);
        const out = sanitizeUrl(url.href) ?? '';
        expect(out).not.toContain('S3CR3T');
        expect(out).toContain('requestId=r');
      }),
    );
  });
});
