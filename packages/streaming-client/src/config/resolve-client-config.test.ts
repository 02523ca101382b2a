import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { ClientOptions } from './client-options.js';
import { DEFAULT_CLIENT_OPTIONS } from './client-options.js';
import { loadConfigFromEnv } from './load-config-from-env.js';
import { defaultPipeName, resolveClientConfig } from './resolve-client-config.js';

const { privateKey: KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const { privateKey: ENCRYPTED } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: {
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'open-sesame',
  },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const { privateKey: PKCS1 } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const { privateKey: SMALL } = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const { privateKey: EC } = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const dir = mkdtempSync(join(tmpdir(), 'snowpipe-config-'));
// The official SDK's profile.json format, keys we don't use included. No key is committed: the
// template's placeholder gets a key generated for this run.
const FIXTURE = join(dir, 'profile.json');
writeFileSync(
  FIXTURE,
  readFileSync(
    fileURLToPath(
      new URL('../../test/fixtures/official-sdk-profile.template.json', import.meta.url),
    ),
    'utf8',
  ).replace('__PRIVATE_KEY_GENERATED_AT_TEST_TIME__', KEY.replace(/\n/g, '\\n')),
);

function base(properties: Record<string, string | undefined> = {}): ClientOptions {
  return {
    clientName: 'c1',
    dbName: 'DB',
    schemaName: 'PUBLIC',
    pipeName: 'P',
    properties: {
      url: 'https://acct.snowflakecomputing.com',
      account: 'acct',
      user: 'u',
      private_key: KEY,
      ...properties,
    },
  };
}

async function failure(
  options: ClientOptions,
  env: NodeJS.ProcessEnv = {},
): Promise<ConfigurationError> {
  const error: unknown = await resolveClientConfig(options, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  const e = error as ConfigurationError;
  expect(e.code).toBe('INVALID_CONFIGURATION');
  expect(isStreamingIngestError(e)).toBe(true);
  return e;
}

describe('resolveClientConfig: an official-SDK profile.json', () => {
  it('loads unchanged, tolerating unknown keys with a debug log', async () => {
    const debug = vi.fn();
    const config = await resolveClientConfig(
      {
        clientName: 'c',
        dbName: 'DB',
        schemaName: 'S',
        pipeName: 'P',
        profilePath: FIXTURE,
        logger: { debug },
      },
      {},
    );
    expect(config).toMatchObject({
      controlUrl: 'https://myorg-myacct.snowflakecomputing.com',
      account: 'myorg-myacct',
      user: 'STREAMING_USER',
      role: 'STREAMING_ROLE',
      auth: { type: 'JWT' },
    });
    const ignored = debug.mock.calls.map((c) => String(c[0]));
    expect(ignored).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"warehouse"'),
        expect.stringContaining('"port"'),
      ]),
    );
  });

  it('lets properties win over the profile', async () => {
    const config = await resolveClientConfig(
      {
        clientName: 'c',
        dbName: 'DB',
        schemaName: 'S',
        pipeName: 'P',
        profilePath: FIXTURE,
        properties: { role: 'OTHER', url: 'other.snowflakecomputing.com' },
      },
      {},
    );
    expect(config.role).toBe('OTHER');
    expect(config.controlUrl).toBe('https://other.snowflakecomputing.com');
    expect(config.user).toBe('STREAMING_USER');
  });

  it('names the profile file and key of a bad value', async () => {
    const path = join(dir, 'bad-url.json');
    writeFileSync(
      path,
      JSON.stringify({
        url: 'http://acct.snowflakecomputing.com',
        account: 'a',
        user: 'u',
        private_key: KEY,
      }),
    );
    const e = await failure({
      clientName: 'c',
      dbName: 'D',
      schemaName: 'S',
      pipeName: 'P',
      profilePath: path,
    });
    expect(e).toMatchObject({ field: 'url', source: `profile ${path} key "url"` });
    expect(e.message).toContain('http:// is refused');
  });

  it.each([
    ['missing file', join(dir, 'nope.json'), 'cannot read profile file'],
    ['not JSON', 'not-json', 'is not valid JSON'],
    ['an array', 'array', 'must hold a JSON object'],
  ])('fails for a profile that is %s', async (_name, which, text) => {
    let path = which;
    if (which === 'not-json')
      writeFileSync((path = join(dir, 'not.json')), `{"private_key": "${'x'.repeat(10)}`);
    if (which === 'array') writeFileSync((path = join(dir, 'arr.json')), '[]');
    const e = await failure({
      clientName: 'c',
      dbName: 'D',
      schemaName: 'S',
      pipeName: 'P',
      profilePath: path,
    });
    expect(e.field).toBe('profilePath');
    expect(e.message).toContain(text);
    expect(e.message).not.toContain('xxxxxxxxxx');
  });

  it('rejects a non-string value for a known key and reads private_key_file relative to the profile', async () => {
    const nested = mkdtempSync(join(dir, 'p-'));
    writeFileSync(join(nested, 'rsa_key.p8'), KEY);
    const good = join(nested, 'profile.json');
    writeFileSync(
      good,
      JSON.stringify({
        url: 'acct.snowflakecomputing.com',
        account: 'a',
        user: 'u',
        private_key_file: 'rsa_key.p8',
      }),
    );
    await expect(
      resolveClientConfig(
        { clientName: 'c', dbName: 'D', schemaName: 'S', pipeName: 'P', profilePath: good },
        {},
      ),
    ).resolves.toMatchObject({ auth: { type: 'JWT' } });
    const bad = join(nested, 'bad.json');
    writeFileSync(bad, JSON.stringify({ url: { host: 'x' } }));
    const e = await failure({
      clientName: 'c',
      dbName: 'D',
      schemaName: 'S',
      pipeName: 'P',
      profilePath: bad,
    });
    expect(e).toMatchObject({ field: 'url', source: `profile ${bad} key "url"` });
  });
});

describe('resolveClientConfig: values and defaults', () => {
  it('normalises url (scheme and port optional) and fills defaults', async () => {
    for (const [url, origin] of [
      ['acct.snowflakecomputing.com', 'https://acct.snowflakecomputing.com'],
      ['https://acct.snowflakecomputing.com:443/', 'https://acct.snowflakecomputing.com'],
      ['acct.snowflakecomputing.com:8443', 'https://acct.snowflakecomputing.com:8443'],
      ['http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
      ['http://localhost:80', 'http://localhost'],
      ['http://[::1]:9', 'http://[::1]:9'],
    ] as const) {
      const config = await resolveClientConfig(base({ url }), {});
      expect(config.controlUrl).toBe(origin);
    }
    const config = await resolveClientConfig(base(), {});
    expect(config).toMatchObject({
      ...DEFAULT_CLIENT_OPTIONS,
      clientName: 'c1',
      database: 'DB',
      schema: 'PUBLIC',
      pipe: 'P',
    });
    expect(config.retry.maxAttempts).toBe(4);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("keeps a compression level within its codec's range, and none when unset", async () => {
    expect('compressionLevel' in (await resolveClientConfig(base(), {}))).toBe(false);
    for (const [compression, compressionLevel] of [
      ['gzip', 1],
      ['gzip', 9],
      ['zstd', 1],
      ['zstd', 22],
    ] as const) {
      const config = await resolveClientConfig({ ...base(), compression, compressionLevel }, {});
      expect([config.compression, config.compressionLevel]).toEqual([
        compression,
        compressionLevel,
      ]);
    }
  });

  it('targets the default pipe <TABLE>-STREAMING for tableName', async () => {
    const { pipeName: _p, ...rest } = base();
    const config = await resolveClientConfig({ ...rest, tableName: 'EVENTS' }, {});
    expect(config).toMatchObject({ pipe: 'EVENTS-STREAMING', table: 'EVENTS' });
    expect(defaultPipeName('"My Table"')).toBe('"My Table-STREAMING"');
  });

  it('accepts PKCS#1, encrypted PKCS#8, base64 body only and escaped newlines', async () => {
    const body = KEY.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (const props of [
      { private_key: PKCS1 },
      { private_key: ENCRYPTED, private_key_passphrase: 'open-sesame' },
      { private_key: body },
      { private_key: KEY.replace(/\n/g, '\\n') },
    ]) {
      await expect(resolveClientConfig(base(props), {})).resolves.toMatchObject({
        auth: { type: 'JWT' },
      });
    }
  });

  it('supports PAT and OAUTH, with and without a token endpoint', async () => {
    const pat = await resolveClientConfig(
      base({
        authorization_type: 'pat',
        personal_access_token: 'pat-secret',
        private_key: undefined,
        user: undefined,
        account: undefined,
      }),
      {},
    );
    expect(pat.auth.type).toBe('PAT');
    expect(pat.account).toBe('acct');
    const oauth = await resolveClientConfig(
      base({
        authorization_type: 'OAUTH',
        oauth_client_id: 'id',
        oauth_client_secret: 's3cret',
        oauth_refresh_token: 'rt-secret',
      }),
      {},
    );
    expect(oauth.auth).toMatchObject({
      type: 'OAUTH',
      clientId: 'id',
      tokenEndpoint: 'https://acct.snowflakecomputing.com/oauth/token-request',
    });
    const external = await resolveClientConfig(
      base({
        authorization_type: 'OAUTH',
        oauth_client_id: 'id',
        oauth_client_secret: 's',
        oauth_token_endpoint: 'https://idp.example/token?x=1',
      }),
      {},
    );
    expect(external.auth).toMatchObject({ tokenEndpoint: 'https://idp.example/token?x=1' });
    expect(external.auth).not.toHaveProperty('refreshToken');
  });

  it('reads application from the property or SS_APPLICATION, and ingest_url', async () => {
    expect(
      (await resolveClientConfig(base({ application: 'MyApp' }), { SS_APPLICATION: 'Env' }))
        .application,
    ).toBe('MyApp');
    expect((await resolveClientConfig(base(), { SS_APPLICATION: 'EnvApp' })).application).toBe(
      'EnvApp',
    );
    expect(
      (await resolveClientConfig(base({ ingest_url: 'http://127.0.0.1:9999' }), {})).ingestUrl,
    ).toBe('http://127.0.0.1:9999');
  });

  it('keeps every secret out of inspect and JSON output', async () => {
    const configs = await Promise.all([
      resolveClientConfig(
        base({ private_key: ENCRYPTED, private_key_passphrase: 'open-sesame' }),
        {},
      ),
      resolveClientConfig(
        base({ authorization_type: 'PAT', personal_access_token: 'pat-secret-123' }),
        {},
      ),
      resolveClientConfig(
        base({
          authorization_type: 'OAUTH',
          oauth_client_id: 'id',
          oauth_client_secret: 'client-secret-9',
          oauth_refresh_token: 'refresh-secret-7',
        }),
        {},
      ),
    ]);
    for (const config of configs) {
      const shown = inspect(config, { depth: 10, showHidden: true }) + JSON.stringify(config);
      for (const secret of [
        'open-sesame',
        'pat-secret-123',
        'client-secret-9',
        'refresh-secret-7',
        'PRIVATE KEY',
        KEY.slice(40, 80),
      ]) {
        expect(shown).not.toContain(secret);
      }
    }
  });
});

describe('resolveClientConfig: every invalid value names its field and source', () => {
  it.each<[string, ClientOptions, string, string]>([
    [
      'missing clientName',
      { ...base(), clientName: undefined as unknown as string },
      'clientName',
      'option clientName',
    ],
    ['empty dbName', { ...base(), dbName: ' ' }, 'dbName', 'option dbName'],
    [
      'schemaName not a string',
      { ...base(), schemaName: 5 as unknown as string },
      'schemaName',
      'option schemaName',
    ],
    ['no pipe or table', { ...base(), pipeName: undefined }, 'pipeName', 'option pipeName'],
    ['both pipe and table', { ...base(), tableName: 'T' }, 'pipeName', 'option pipeName'],
    [
      'empty tableName',
      { ...base(), pipeName: undefined, tableName: '' },
      'tableName',
      'option tableName',
    ],
    ['missing url', base({ url: undefined }), 'url', 'properties or profile'],
    ['url with path', base({ url: 'https://a.snowflakecomputing.com/x' }), 'url', 'property url'],
    ['url ftp', base({ url: 'ftp://a.example' }), 'url', 'property url'],
    ['url with credentials', base({ url: 'https://u:p@a.example' }), 'url', 'property url'],
    ['http non-loopback', base({ url: 'http://a.snowflakecomputing.com' }), 'url', 'property url'],
    ['bad url', base({ url: 'https://exa mple' }), 'url', 'property url'],
    [
      'ingest_url http non-loopback',
      base({ ingest_url: 'http://ingest.example' }),
      'ingest_url',
      'property ingest_url',
    ],
    [
      'bad authorization_type',
      base({ authorization_type: 'BASIC' }),
      'authorization_type',
      'property authorization_type',
    ],
    ['missing account', base({ account: undefined }), 'account', 'properties or profile'],
    ['account with slash', base({ account: 'a/b' }), 'account', 'property account'],
    ['missing user', base({ user: undefined }), 'user', 'properties or profile'],
    ['missing key', base({ private_key: undefined }), 'private_key', 'properties or profile'],
    [
      'garbage key',
      base({ private_key: 'not a key at all but long enough to be treated as base64 der data!!' }),
      'private_key',
      'property private_key',
    ],
    [
      'RSA key below 2048 bits',
      base({ private_key: SMALL }),
      'private_key',
      'property private_key',
    ],
    ['EC key', base({ private_key: EC }), 'private_key', 'property private_key'],
    [
      'encrypted key without passphrase',
      base({ private_key: ENCRYPTED }),
      'private_key_passphrase',
      'properties or profile',
    ],
    [
      'encrypted key, wrong passphrase',
      base({ private_key: ENCRYPTED, private_key_passphrase: 'nope' }),
      'private_key_passphrase',
      'property private_key_passphrase',
    ],
    [
      'missing key file',
      base({ private_key: undefined, private_key_file: '/nonexistent/k.p8' }),
      'private_key_file',
      'property private_key_file',
    ],
    [
      'missing PAT',
      base({ authorization_type: 'PAT' }),
      'personal_access_token',
      'properties or profile',
    ],
    [
      'PAT with spaces',
      base({ authorization_type: 'PAT', personal_access_token: 'a b' }),
      'personal_access_token',
      'property personal_access_token',
    ],
    [
      'OAUTH without client id',
      base({ authorization_type: 'OAUTH', oauth_client_secret: 's' }),
      'oauth_client_id',
      'properties or profile',
    ],
    [
      'OAUTH without secret',
      base({ authorization_type: 'OAUTH', oauth_client_id: 'i' }),
      'oauth_client_secret',
      'properties or profile',
    ],
    [
      'OAUTH bad endpoint',
      base({
        authorization_type: 'OAUTH',
        oauth_client_id: 'i',
        oauth_client_secret: 's',
        oauth_token_endpoint: 'nope',
      }),
      'oauth_token_endpoint',
      'property oauth_token_endpoint',
    ],
    [
      'OAUTH http endpoint',
      base({
        authorization_type: 'OAUTH',
        oauth_client_id: 'i',
        oauth_client_secret: 's',
        oauth_token_endpoint: 'http://idp.example/t',
      }),
      'oauth_token_endpoint',
      'property oauth_token_endpoint',
    ],
    ['bad application', base({ application: 'a(b)' }), 'application', 'property application'],
    ['bad role', base({ role: 'a b' }), 'role', 'property role'],
    ['property not a string', base({ user: 5 as unknown as string }), 'user', 'property user'],
    [
      'retry out of range',
      { ...base(), retry: { maxAttempts: 0 } },
      'retry.maxAttempts',
      'option retry.maxAttempts',
    ],
    [
      'refresh negative',
      { ...base(), refresh: { minCooldownMs: -1 } },
      'refresh.minCooldownMs',
      'option refresh.minCooldownMs',
    ],
    [
      'refresh skew above threshold',
      { ...base(), refresh: { thresholdMs: 1000, maxSkewMs: 2000 } },
      'refresh.maxSkewMs',
      'option refresh.maxSkewMs',
    ],
    [
      'refresh unknown key',
      { ...base(), refresh: { foo: 1 } as never },
      'refresh.foo',
      'option refresh.foo',
    ],
    [
      'maxClientLagMs zero',
      { ...base(), maxClientLagMs: 0 },
      'maxClientLagMs',
      'option maxClientLagMs',
    ],
    [
      'maxRequestBytes over 4 MiB',
      { ...base(), maxRequestBytes: 5 * 1024 * 1024 },
      'maxRequestBytes',
      'option maxRequestBytes',
    ],
    [
      'backpressure',
      { ...base(), backpressure: 'drop' as never },
      'backpressure',
      'option backpressure',
    ],
    [
      'compression',
      { ...base(), compression: 'brotli' as never },
      'compression',
      'option compression',
    ],
    [
      'compressionLevel with compression none',
      { ...base(), compression: 'none', compressionLevel: 1 },
      'compressionLevel',
      'option compressionLevel',
    ],
    [
      'compressionLevel over gzip 9',
      { ...base(), compressionLevel: 10 },
      'compressionLevel',
      'option compressionLevel',
    ],
    [
      'compressionLevel zero',
      { ...base(), compression: 'zstd', compressionLevel: 0 },
      'compressionLevel',
      'option compressionLevel',
    ],
    [
      'compressionLevel over zstd 22',
      { ...base(), compression: 'zstd', compressionLevel: 23 },
      'compressionLevel',
      'option compressionLevel',
    ],
    [
      'compressionLevel not an integer',
      { ...base(), compressionLevel: '3' as never },
      'compressionLevel',
      'option compressionLevel',
    ],
    ['recovery', { ...base(), recovery: 'yes' as never }, 'recovery', 'option recovery'],
    [
      'poll intervals',
      { ...base(), commitPollIntervalMs: 500, commitPollMaxIntervalMs: 100 },
      'commitPollMaxIntervalMs',
      'option commitPollMaxIntervalMs',
    ],
    ['connect', { ...base(), connect: 'never' as never }, 'connect', 'option connect'],
    [
      'comparator',
      { ...base(), offsetTokenComparator: 1 as never },
      'offsetTokenComparator',
      'option offsetTokenComparator',
    ],
  ])('%s', async (_name, options, field, source) => {
    const e = await failure(options);
    expect(e.field).toBe(field);
    expect(e.source).toBe(source);
    expect(e.message).toContain(field);
    expect(e.message).toContain(source);
    expect(e.message).not.toContain('PRIVATE KEY');
    expect(e.message).not.toContain('open-sesame');
  });
});

describe('loadConfigFromEnv + resolveClientConfig', () => {
  const env = {
    SNOWFLAKE_URL: 'acct.snowflakecomputing.com',
    SNOWFLAKE_ACCOUNT: 'acct',
    SNOWFLAKE_USER: 'svc',
    SNOWFLAKE_PRIVATE_KEY: ENCRYPTED,
    SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'open-sesame',
    SNOWFLAKE_ROLE: 'INGEST',
    SNOWFLAKE_DATABASE: 'DB',
    SNOWFLAKE_SCHEMA: 'RAW',
    SNOWFLAKE_TABLE: 'EVENTS',
    SNOWFLAKE_CLIENT_NAME: 'env-client',
    SNOWPIPE_RETRY_MAX_ATTEMPTS: '6',
    SNOWPIPE_RETRY_JITTER: 'none',
    SNOWPIPE_REFRESH_THRESHOLD_MS: '90000',
  };

  it('builds a complete configuration from the environment alone', async () => {
    const config = await resolveClientConfig(loadConfigFromEnv(env) as ClientOptions, {});
    expect(config).toMatchObject({
      clientName: 'env-client',
      database: 'DB',
      schema: 'RAW',
      pipe: 'EVENTS-STREAMING',
      role: 'INGEST',
      user: 'svc',
      refresh: { thresholdMs: 90000 },
    });
    expect(config.retry).toMatchObject({ maxAttempts: 6, jitter: 'none' });
  });

  it('names the environment variable a bad value came from, also after a spread', async () => {
    const e1 = await failure({
      ...loadConfigFromEnv({ ...env, SNOWFLAKE_URL: 'http://acct.snowflakecomputing.com' }),
    } as ClientOptions);
    expect(e1).toMatchObject({ field: 'url', source: 'env SNOWFLAKE_URL' });
    const e2 = await failure({
      ...loadConfigFromEnv({ ...env, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'wrong' }),
    } as ClientOptions);
    expect(e2).toMatchObject({
      field: 'private_key_passphrase',
      source: 'env SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
    });
    const e3 = await failure({
      ...loadConfigFromEnv({ ...env, SNOWPIPE_RETRY_MAX_ATTEMPTS: '0' }),
    } as ClientOptions);
    expect(e3).toMatchObject({
      field: 'retry.maxAttempts',
      source: 'env SNOWPIPE_RETRY_MAX_ATTEMPTS',
    });
    const e4 = await failure({
      ...loadConfigFromEnv({ ...env, SNOWFLAKE_DATABASE: undefined }),
      dbName: '',
    } as ClientOptions);
    expect(e4).toMatchObject({ field: 'dbName', source: 'option dbName' });
    const e5 = await failure({
      ...loadConfigFromEnv({ ...env, SNOWFLAKE_PIPE: 'P' }),
    } as ClientOptions);
    expect(e5).toMatchObject({ field: 'pipeName', source: 'env SNOWFLAKE_PIPE' });
    expect(e5.message).toContain('env SNOWFLAKE_TABLE');
  });
});
