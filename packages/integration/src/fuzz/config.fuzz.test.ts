import { createClient, ConfigurationError, loadConfigFromEnv } from '@snowpipe/streaming-client';
import type { ClientOptions } from '@snowpipe/streaming-client';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestKeyPair } from '../chaos/test-key-pair.js';
import { settle } from './guard.js';
import { leakedSecrets, pemSlices, SECRETS } from './secrets.js';
import { fuzzRuns } from './fuzz-runs.js';

const keys = createTestKeyPair();
const secretList = [...Object.values(SECRETS), ...pemSlices(keys.privateKeyPem)];

const base = (): Record<string, unknown> => ({
  clientName: 'fuzz',
  dbName: 'DB',
  schemaName: 'PUBLIC',
  pipeName: 'PIPE',
  connect: 'lazy',
  properties: {
    url: 'http://127.0.0.1:9',
    account: 'ACC',
    user: 'U',
    private_key: keys.privateKeyPem,
  },
});

const OPTION_FIELDS = [
  'clientName',
  'dbName',
  'schemaName',
  'pipeName',
  'tableName',
  'profilePath',
  'retry',
  'retry.maxAttempts',
  'retry.initialDelayMs',
  'retry.multiplier',
  'retry.maxDelayMs',
  'retry.jitter',
  'retry.maxElapsedMs',
  'retry.maxRetryAfterMs',
  'refresh',
  'refresh.thresholdMs',
  'refresh.minCooldownMs',
  'refresh.maxSkewMs',
  'refresh.refreshAheadMs',
  'refresh.escalateAfter',
  'maxClientLagMs',
  'maxBatchBytes',
  'maxRequestBytes',
  'maxBufferedBytes',
  'backpressure',
  'compression',
  'recovery',
  'maxRecoveryAttempts',
  'offsetTokenComparator',
  'commitPollIntervalMs',
  'commitPollMaxIntervalMs',
  'closeTimeoutMs',
  'connect',
  'properties',
  'transport',
  'telemetry',
  'logger',
  'clock',
  'random',
] as const;
const PROPERTY_FIELDS = [
  'url',
  'account',
  'user',
  'private_key',
  'private_key_file',
  'private_key_passphrase',
  'role',
  'authorization_type',
  'personal_access_token',
  'oauth_client_id',
  'oauth_client_secret',
  'oauth_refresh_token',
  'oauth_token_endpoint',
  'application',
  'ingest_url',
] as const;

const garbage = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '',
    '   ',
    '-1',
    '0',
    'NaN',
    '1e309',
    'null',
    'https://',
    'ftp://x',
    'http://example.com',
    'JWT',
    'PAT',
    'OAUTH',
    'jwt',
    'gzip',
    'zstd',
    'none',
    'wait',
    'reject',
    'full',
    'none',
  ),
  fc.constant('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, NaN, Infinity, -Infinity, 2 ** 53, 0.5),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.constant(Object.create(null) as object),
  fc.constant(() => 0),
  fc.constant(Symbol('fuzz')),
  fc.constant(10n),
);

// Secret-bearing properties get values that contain a known secret (possibly mangled): the
// error may say the value is wrong, never what it is.
const SECRET_FIELDS = [
  'private_key_passphrase',
  'personal_access_token',
  'oauth_client_secret',
  'oauth_refresh_token',
  'private_key',
] as const;
const secretGarbage = fc
  .tuple(
    fc.constantFrom('', ' ', 'x', '\n', '"', 'é', '-----BEGIN PRIVATE KEY-----\n'),
    fc.constantFrom(...Object.values(SECRETS)),
    fc.constantFrom('', ' ', 'y', '\t', '\n-----END PRIVATE KEY-----'),
  )
  .map(([a, secret, b]) => `${a}${secret}${b}`);

const mutation = fc.oneof(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(...OPTION_FIELDS),
      fc.constantFrom(...PROPERTY_FIELDS.map((p) => `properties.${p}`)),
      fc.string({ maxLength: 8 }).map((k) => `properties.${k}`),
    ),
    garbage,
  ),
  fc.tuple(fc.constantFrom(...SECRET_FIELDS.map((p) => `properties.${p}`)), secretGarbage),
  // A truncated copy of the real key where a key belongs.
  fc.tuple(
    fc.constant('properties.private_key'),
    fc
      .integer({ min: 0, max: keys.privateKeyPem.length - 1 })
      .map((n) => keys.privateKeyPem.slice(0, n)),
  ),
  // A wrong authorization type next to a planted secret.
  fc.tuple(
    fc.constant('properties.authorization_type'),
    fc.constantFrom('PAT', 'OAUTH', 'JWT', 'pat', 'Oauth', 'basic'),
  ),
);

function apply(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split(/\.(.*)/s) as [string, string | undefined];
  if (tail === undefined || tail === '') {
    target[head] = value;
    return;
  }
  const inner = target[head];
  const obj =
    typeof inner === 'object' && inner !== null ? { ...(inner as Record<string, unknown>) } : {};
  target[head] = obj;
  apply(obj, tail, value);
}

describe('fuzz: configuration', () => {
  it('every mix of garbage options and properties yields a client or a ConfigurationError naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const options = base();
        for (const [path, value] of mutations) {
          // `connect: 'eager'` (or null/undefined: the default) would dial the network.
          if (path === 'connect' && (value === 'eager' || value === null || value === undefined))
            continue;
          apply(options, path, value);
        }
        const outcome = await settle('createClient', () =>
          createClient(options as unknown as ClientOptions),
        );
        if (outcome.ok) {
          // A client that accepted the secrets must not show them either.
          const views = [
            inspect(outcome.value, { depth: 8, showHidden: true }),
            JSON.stringify(outcome.value.stats()),
          ];
          expect(secretList.filter((secret) => views.some((v) => v.includes(secret)))).toEqual([]);
          await outcome.value.close();
          return;
        }
        const error = outcome.error;
        expect(
          error,
          `${String(error)} for ${JSON.stringify(mutations.map(([p]) => p))}`,
        ).toBeInstanceOf(ConfigurationError);
        const field = (error as ConfigurationError).field;
        expect(typeof field === 'string' && field.length > 0).toBe(true);
        expect((error as Error).message).toContain(field);
        expect(leakedSecrets(error, secretList)).toEqual([]);
      }),
      fuzzRuns(400),
    );
  }, 60_000);

  it('a non-object options argument is a ConfigurationError', async () => {
    for (const options of [undefined, null, 42, 'x', [], () => 0]) {
      const outcome = await settle('createClient', () =>
        createClient(options as unknown as ClientOptions),
      );
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(ConfigurationError);
    }
  });

  it('loadConfigFromEnv with garbage SNOWFLAKE_*/SNOWPIPE_* values returns options or throws a ConfigurationError', () => {
    const names = [
      'SNOWFLAKE_URL',
      'SNOWFLAKE_ACCOUNT',
      'SNOWFLAKE_USER',
      'SNOWFLAKE_PRIVATE_KEY',
      'SNOWFLAKE_PRIVATE_KEY_FILE',
      'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
      'SNOWFLAKE_ROLE',
      'SNOWFLAKE_AUTHORIZATION_TYPE',
      'SNOWFLAKE_DATABASE',
      'SNOWFLAKE_SCHEMA',
      'SNOWFLAKE_PIPE',
      'SNOWFLAKE_TABLE',
      'SNOWPIPE_RETRY_MAX_ATTEMPTS',
      'SNOWPIPE_RETRY_INITIAL_DELAY_MS',
      'SNOWPIPE_RETRY_MAX_DELAY_MS',
      'SNOWPIPE_RETRY_JITTER',
      'SNOWPIPE_REFRESH_THRESHOLD_MS',
      'SNOWPIPE_REFRESH_MAX_SKEW_MS',
      'SNOWPIPE_REFRESH_MIN_COOLDOWN_MS',
    ];
    const envValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', ' ', '-5', '1e400', 'abc', '0x10', '12', 'full'),
    );
    const secretEnv = fc.record(
      {
        SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: secretGarbage,
        SNOWFLAKE_PRIVATE_KEY: secretGarbage,
        SNOWFLAKE_PERSONAL_ACCESS_TOKEN: secretGarbage,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), envValue, { maxKeys: 6 }),
        secretEnv,
        (plain, secret) => {
          const env = { ...plain, ...secret };
          try {
            const partial = loadConfigFromEnv(env);
            expect(typeof partial).toBe('object');
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(ConfigurationError);
            expect((error as Error).message).toContain((error as ConfigurationError).field);
            expect(leakedSecrets(error, secretList)).toEqual([]);
          }
        },
      ),
      fuzzRuns(300),
    );
  });
});
