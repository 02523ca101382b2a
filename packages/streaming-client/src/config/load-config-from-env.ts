import type { JitterMode, RetryPlanOptions } from '@snowpipe/retry';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions, RefreshOptions } from './client-options.js';
import { recordSource } from './property-sources.js';

/** `SNOWFLAKE_*` variables that map onto official-SDK properties. */
export const ENV_PROPERTIES = Object.freeze({
  SNOWFLAKE_URL: 'url',
  SNOWFLAKE_ACCOUNT: 'account',
  SNOWFLAKE_USER: 'user',
  SNOWFLAKE_PRIVATE_KEY: 'private_key',
  SNOWFLAKE_PRIVATE_KEY_FILE: 'private_key_file',
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'private_key_passphrase',
  SNOWFLAKE_ROLE: 'role',
  SNOWFLAKE_AUTHORIZATION_TYPE: 'authorization_type',
  SNOWFLAKE_PAT: 'personal_access_token',
  SNOWFLAKE_INGEST_URL: 'ingest_url',
} as const);

/** `SNOWFLAKE_*` variables that map onto top-level client options. */
export const ENV_OPTIONS = Object.freeze({
  SNOWFLAKE_DATABASE: 'dbName',
  SNOWFLAKE_SCHEMA: 'schemaName',
  SNOWFLAKE_PIPE: 'pipeName',
  SNOWFLAKE_TABLE: 'tableName',
  SNOWFLAKE_CLIENT_NAME: 'clientName',
  SNOWFLAKE_PROFILE_PATH: 'profilePath',
} as const);

/** Numeric `SNOWPIPE_REFRESH_*` overrides → `refresh` options. */
export const ENV_REFRESH = Object.freeze({
  SNOWPIPE_REFRESH_THRESHOLD_MS: 'thresholdMs',
  SNOWPIPE_REFRESH_COOLDOWN_MS: 'minCooldownMs',
  SNOWPIPE_REFRESH_MAX_SKEW_MS: 'maxSkewMs',
  SNOWPIPE_REFRESH_AHEAD_MS: 'refreshAheadMs',
  SNOWPIPE_REFRESH_ESCALATE_AFTER: 'escalateAfter',
} as const);

/** Numeric `SNOWPIPE_RETRY_*` overrides → `retry` options (`SNOWPIPE_RETRY_JITTER` is text). */
export const ENV_RETRY = Object.freeze({
  SNOWPIPE_RETRY_MAX_ATTEMPTS: 'maxAttempts',
  SNOWPIPE_RETRY_INITIAL_DELAY_MS: 'initialDelayMs',
  SNOWPIPE_RETRY_MULTIPLIER: 'multiplier',
  SNOWPIPE_RETRY_MAX_DELAY_MS: 'maxDelayMs',
  SNOWPIPE_RETRY_MAX_ELAPSED_MS: 'maxElapsedMs',
} as const);

const JITTER: readonly string[] = ['full', 'decorrelated', 'none'];
const SECRET_VARS = new Set([
  'SNOWFLAKE_PRIVATE_KEY',
  'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
  'SNOWFLAKE_PAT',
]);

/**
 * Reads client options from environment variables (`SNOWFLAKE_*` and the `SNOWPIPE_REFRESH_*` /
 * `SNOWPIPE_RETRY_*` overrides). Empty variables count as unset. Malformed numbers fail at once
 * with a `ConfigurationError` naming the variable; later validation errors also name it.
 * @example
 * // Defaults first: the variables (SNOWFLAKE_DATABASE, …) win where they are set.
 * const client = await createClient({
 *   dbName: 'DB',
 *   schemaName: 'PUBLIC',
 *   tableName: 'EVENTS',
 *   ...loadConfigFromEnv(),
 *   clientName: 'relay-1',
 * });
 */
export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ClientOptions> {
  const out: Partial<ClientOptions> = {};
  const properties: Record<string, string> = {};
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : SECRET_VARS.has(name) ? v : v.trim();
  };
  for (const [name, key] of Object.entries(ENV_PROPERTIES)) {
    const v = get(name);
    if (v === undefined) continue;
    properties[key] = v;
    recordSource(properties, key, `env ${name}`);
  }
  for (const [name, key] of Object.entries(ENV_OPTIONS)) {
    const v = get(name);
    if (v === undefined) continue;
    out[key] = v;
    // Top-level options lose identity when spread, so their provenance rides on `properties`.
    recordSource(properties, `option:${key}=${v}`, `env ${name}`);
  }
  const refresh: RefreshOptions = {};
  for (const [name, key] of Object.entries(ENV_REFRESH)) {
    const v = get(name);
    if (v === undefined) continue;
    refresh[key] = parseNumber(name, v, `refresh.${key}`);
    recordSource(refresh, key, `env ${name}`);
  }
  const retry: RetryPlanOptions = {};
  for (const [name, key] of Object.entries(ENV_RETRY)) {
    const v = get(name);
    if (v === undefined) continue;
    retry[key] = parseNumber(name, v, `retry.${key}`);
    recordSource(retry, key, `env ${name}`);
  }
  const jitter = get('SNOWPIPE_RETRY_JITTER');
  if (jitter !== undefined) {
    if (!JITTER.includes(jitter)) {
      throw new ConfigurationError(
        `retry.jitter: must be one of full, decorrelated, none (got ${JSON.stringify(jitter)} from env SNOWPIPE_RETRY_JITTER)`,
        { field: 'retry.jitter', source: 'env SNOWPIPE_RETRY_JITTER' },
      );
    }
    retry.jitter = jitter as JitterMode;
    recordSource(retry, 'jitter', 'env SNOWPIPE_RETRY_JITTER');
  }
  out.properties = properties;
  if (Object.keys(refresh).length > 0) out.refresh = refresh;
  if (Object.keys(retry).length > 0) out.retry = retry;
  return out;
}

function parseNumber(name: string, value: string, field: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new ConfigurationError(
      `${field}: must be a number (got ${JSON.stringify(value)} from env ${name})`,
      { field, source: `env ${name}` },
    );
  }
  return n;
}
