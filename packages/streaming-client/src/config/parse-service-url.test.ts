import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { resolveClientConfig } from './resolve-client-config.js';
import { isLoopbackHost, parseServiceUrl } from './parse-service-url.js';

const options = (properties: Record<string, string>) => ({
  clientName: 'c',
  dbName: 'DB',
  schemaName: 'PUBLIC',
  pipeName: 'P',
  properties: { account: 'A', user: 'U', private_key: 'unused', ...properties },
});

describe('a URL without a scheme', () => {
  it.each(['127.0.0.1:8080', 'localhost:8080', 'example.com', 'myorg-myacct.example.net:443'])(
    '%s is refused with the fix, not guessed to be https',
    (url) => {
      const result = parseServiceUrl(url);
      expect(result).toEqual({ problem: expect.stringContaining('has no scheme') as string });
      const problem = 'problem' in result ? result.problem : '';
      expect(problem).toContain(`https://${url} for a Snowflake account`);
      expect(problem).toContain(`http://${url} for a local emulator`);
    },
  );

  it('a bare *.snowflakecomputing.com host means https (the one explicit rule)', () => {
    expect(parseServiceUrl('myorg-myacct.snowflakecomputing.com')).toEqual({
      origin: 'https://myorg-myacct.snowflakecomputing.com',
    });
    expect(parseServiceUrl('xy12345.us-east-1.privatelink.snowflakecomputing.com:443')).toEqual({
      origin: 'https://xy12345.us-east-1.privatelink.snowflakecomputing.com',
    });
    expect(parseServiceUrl('acct.snowflakecomputing.cn')).toEqual({
      origin: 'https://acct.snowflakecomputing.cn',
    });
    expect(parseServiceUrl('snowflakecomputing.com.evil.example')).toHaveProperty('problem');
  });

  it('createClient configuration fails with a ConfigurationError naming the field and the fix', async () => {
    const url = await resolveClientConfig(options({ url: '127.0.0.1:8080' }), {}).catch(
      (e: unknown) => e,
    );
    expect(url).toBeInstanceOf(ConfigurationError);
    expect(url).toMatchObject({ field: 'url', source: 'property url' });
    expect((url as Error).message).toMatch(
      /^url: has no scheme: "127\.0\.0\.1:8080"; write https:\/\/127\.0\.0\.1:8080 .* or http:\/\/127\.0\.0\.1:8080 for a local emulator/,
    );
    const ingest = await resolveClientConfig(
      options({ url: 'https://a.snowflakecomputing.com', ingest_url: 'localhost:9000' }),
      {},
    ).catch((e: unknown) => e);
    expect(ingest).toMatchObject({ field: 'ingest_url' });
  });
});

describe('plain http:// is allowed for loopback only', () => {
  it.each(['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', 'LOCALHOST'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    'evil.localhost',
    'localhost.example.com',
    '128.0.0.1',
    '10.0.0.1',
    '::2',
    '0.0.0.0',
    'example.com',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('http://evil.localhost is refused, http://localhost and http://[::1] are accepted', () => {
    expect(parseServiceUrl('http://evil.localhost:8080')).toEqual({
      problem: 'http:// is refused for non-loopback host evil.localhost; use https://',
    });
    expect(parseServiceUrl('http://localhost:8080')).toEqual({ origin: 'http://localhost:8080' });
    expect(parseServiceUrl('http://[::1]:8080')).toEqual({ origin: 'http://[::1]:8080' });
  });
});
