import { describe, expect, it } from 'vitest';
import { ingestBaseUrl, parseIngestHost } from './ingest-host.js';
import { parseScopedToken } from './scoped-token.js';

describe('parseIngestHost', () => {
  it.each([
    [
      'myorg-myacct.us-east-1.ingest.snowflakecomputing.com\n',
      'myorg-myacct.us-east-1.ingest.snowflakecomputing.com',
    ],
    ['{"hostname":"My_Org-Acct.Ingest.Example"}', 'my-org-acct.ingest.example'],
    ['"Snowpipe_Emulator-Ingest"', 'snowpipe-emulator-ingest'],
    ['  127.0.0.1:5000  ', '127.0.0.1:5000'],
  ])('%j -> %s', (body, host) => {
    expect(parseIngestHost(body)).toBe(host);
  });

  it.each([
    '',
    '{"host":"x"}',
    '{bad',
    'https://x.example',
    'x.example/path',
    'a?b',
    'a#b',
    'user@x',
    'a b',
    '"a/b"',
  ])('refuses %j with INVALID_RESPONSE', (body) => {
    expect(() => parseIngestHost(body)).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE' }),
    );
  });
});

describe('ingestBaseUrl', () => {
  it('uses the control scheme; http only for loopback', () => {
    expect(ingestBaseUrl('https://acct.snowflakecomputing.com', 'x.ingest.example')).toBe(
      'https://x.ingest.example',
    );
    expect(ingestBaseUrl('http://127.0.0.1:1', '127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(() => ingestBaseUrl('http://127.0.0.1:1', 'x.ingest.example')).toThrow(
      /set the ingest_url/,
    );
  });
});

describe('parseScopedToken', () => {
  it('accepts bare text, {"token"} and a JSON string', () => {
    expect(parseScopedToken('aaa.bbb.ccc\n')).toBe('aaa.bbb.ccc');
    expect(parseScopedToken('{"token":"aaa.bbb.ccc"}')).toBe('aaa.bbb.ccc');
    expect(parseScopedToken('"aaa.bbb.ccc"')).toBe('aaa.bbb.ccc');
  });

  it.each(['', '{}', '{"token": 5}', '{oops', 'two words'])(
    'refuses %j without echoing it',
    (body) => {
      expect(() => parseScopedToken(body)).toThrow(
        expect.objectContaining({ code: 'INVALID_RESPONSE' }),
      );
    },
  );
});
