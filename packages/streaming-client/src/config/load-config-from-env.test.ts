import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { ConfigurationError } from '../errors/configuration-error.js';
import { loadConfigFromEnv } from './load-config-from-env.js';

describe('loadConfigFromEnv', () => {
  it('maps every variable onto its option, property or override', () => {
    const options = loadConfigFromEnv({
      SNOWFLAKE_URL: ' https://a.snowflakecomputing.com ',
      SNOWFLAKE_ACCOUNT: 'a',
      SNOWFLAKE_USER: 'u',
      SNOWFLAKE_PRIVATE_KEY: 'k',
      SNOWFLAKE_PRIVATE_KEY_FILE: '/k.p8',
      SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: ' pass ',
      SNOWFLAKE_ROLE: 'R',
      SNOWFLAKE_AUTHORIZATION_TYPE: 'PAT',
      SNOWFLAKE_PAT: 'pat',
      SNOWFLAKE_INGEST_URL: 'http://127.0.0.1:1',
      SNOWFLAKE_DATABASE: 'D',
      SNOWFLAKE_SCHEMA: 'S',
      SNOWFLAKE_PIPE: 'P',
      SNOWFLAKE_TABLE: 'T',
      SNOWFLAKE_CLIENT_NAME: 'C',
      SNOWFLAKE_PROFILE_PATH: '/p.json',
      SNOWPIPE_REFRESH_THRESHOLD_MS: '1',
      SNOWPIPE_REFRESH_COOLDOWN_MS: '2',
      SNOWPIPE_REFRESH_MAX_SKEW_MS: '3',
      SNOWPIPE_REFRESH_AHEAD_MS: '4',
      SNOWPIPE_REFRESH_ESCALATE_AFTER: '5',
      SNOWPIPE_RETRY_MAX_ATTEMPTS: '6',
      SNOWPIPE_RETRY_INITIAL_DELAY_MS: '7',
      SNOWPIPE_RETRY_MULTIPLIER: '1.5',
      SNOWPIPE_RETRY_MAX_DELAY_MS: '9',
      SNOWPIPE_RETRY_JITTER: 'decorrelated',
      SNOWPIPE_RETRY_MAX_ELAPSED_MS: '11',
    });
    expect(options).toEqual({
      dbName: 'D',
      schemaName: 'S',
      pipeName: 'P',
      tableName: 'T',
      clientName: 'C',
      profilePath: '/p.json',
      properties: {
        url: 'https://a.snowflakecomputing.com',
        account: 'a',
        user: 'u',
        private_key: 'k',
        private_key_file: '/k.p8',
        private_key_passphrase: ' pass ',
        role: 'R',
        authorization_type: 'PAT',
        personal_access_token: 'pat',
        ingest_url: 'http://127.0.0.1:1',
      },
      refresh: {
        thresholdMs: 1,
        minCooldownMs: 2,
        maxSkewMs: 3,
        refreshAheadMs: 4,
        escalateAfter: 5,
      },
      retry: {
        maxAttempts: 6,
        initialDelayMs: 7,
        multiplier: 1.5,
        maxDelayMs: 9,
        jitter: 'decorrelated',
        maxElapsedMs: 11,
      },
    });
  });

  it('treats empty variables as unset and reads nothing else', () => {
    expect(
      loadConfigFromEnv({ SNOWFLAKE_URL: '', HOME: '/root', SNOWFLAKE_WAREHOUSE: 'W' }),
    ).toEqual({ properties: {} });
  });

  it.each([
    ['SNOWPIPE_RETRY_MAX_ATTEMPTS', 'four', 'retry.maxAttempts'],
    ['SNOWPIPE_REFRESH_COOLDOWN_MS', '5m', 'refresh.minCooldownMs'],
    ['SNOWPIPE_RETRY_JITTER', 'half', 'retry.jitter'],
  ])('fails on malformed %s naming the variable', (name, value, field) => {
    let error: unknown;
    try {
      loadConfigFromEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ field, source: `env ${name}` });
    expect((error as Error).message).toContain(`env ${name}`);
  });

  it('shows no provenance machinery in inspect output', () => {
    expect(inspect(loadConfigFromEnv({ SNOWFLAKE_USER: 'u' }))).toBe(
      "{ properties: { user: 'u' } }",
    );
  });
});
