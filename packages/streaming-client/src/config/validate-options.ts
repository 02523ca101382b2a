import { createRetryPlan } from '@snowpipe/retry';
import { createRefreshPolicy } from '@snowpipe/token-guard';
import type { RetryPlan } from '@snowpipe/retry';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DEFAULT_CLIENT_OPTIONS } from './client-options.js';
import type { ClientOptions, RefreshOptions } from './client-options.js';
import { sourceOf } from './property-sources.js';

type Knobs = Pick<
  Required<ClientOptions>,
  | 'maxClientLagMs'
  | 'maxBatchBytes'
  | 'maxRequestBytes'
  | 'maxBufferedBytes'
  | 'backpressure'
  | 'compression'
  | 'recovery'
  | 'reclaimOnTakeover'
  | 'maxRecoveryAttempts'
  | 'commitPollIntervalMs'
  | 'commitPollMaxIntervalMs'
  | 'closeTimeoutMs'
  | 'connect'
>;

function fail(field: string, source: string, problem: string, value: unknown): never {
  throw new ConfigurationError(`${field}: ${problem}, got ${safe(value)} (from ${source})`, {
    field,
    source,
  });
}

function safe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function int(
  options: ClientOptions,
  key: keyof Knobs,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = options[key] ?? DEFAULT_CLIENT_OPTIONS[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(key, `option ${key}`, `must be an integer in [${min}, ${max}]`, value);
  }
  return value;
}

function oneOf<T extends string>(
  options: ClientOptions,
  key: keyof Knobs,
  allowed: readonly T[],
): T {
  const value = options[key] ?? DEFAULT_CLIENT_OPTIONS[key];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(key, `option ${key}`, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** The highest level of each codec (zlib's 9; zstd's `ZSTD_maxCLevel()`, 22). */
const MAX_COMPRESSION_LEVEL = { gzip: 9, zstd: 22 } as const;

/** `compressionLevel`, checked against the codec `compression` names. */
function compressionLevel(
  options: ClientOptions,
  compression: Knobs['compression'],
): { compressionLevel?: number } {
  const level = options.compressionLevel;
  if (level === undefined) return {};
  const field = 'compressionLevel';
  if (compression === 'none') {
    fail(field, `option ${field}`, "only applies with compression 'gzip' or 'zstd'", level);
  }
  const max = MAX_COMPRESSION_LEVEL[compression];
  if (typeof level !== 'number' || !Number.isSafeInteger(level) || level < 1 || level > max) {
    fail(field, `option ${field}`, `must be an integer in [1, ${max}] for ${compression}`, level);
  }
  return { compressionLevel: level };
}

/** Validates the channel knobs of {@link ClientOptions}, filling defaults from {@link DEFAULT_CLIENT_OPTIONS}. */
export function validateKnobs(options: ClientOptions): Knobs & { compressionLevel?: number } {
  const recovery = options.recovery ?? DEFAULT_CLIENT_OPTIONS.recovery;
  if (typeof recovery !== 'boolean')
    fail('recovery', 'option recovery', 'must be a boolean', recovery);
  const reclaimOnTakeover = options.reclaimOnTakeover ?? DEFAULT_CLIENT_OPTIONS.reclaimOnTakeover;
  if (typeof reclaimOnTakeover !== 'boolean')
    fail('reclaimOnTakeover', 'option reclaimOnTakeover', 'must be a boolean', reclaimOnTakeover);
  if (
    options.offsetTokenComparator !== undefined &&
    typeof options.offsetTokenComparator !== 'function'
  ) {
    fail(
      'offsetTokenComparator',
      'option offsetTokenComparator',
      'must be a function',
      options.offsetTokenComparator,
    );
  }
  const knobs: Knobs = {
    maxClientLagMs: int(options, 'maxClientLagMs', 1, 600_000),
    maxBatchBytes: int(options, 'maxBatchBytes', 1),
    maxRequestBytes: int(options, 'maxRequestBytes', 1024, 4 * 1024 * 1024),
    maxBufferedBytes: int(options, 'maxBufferedBytes', 1),
    backpressure: oneOf(options, 'backpressure', ['wait', 'reject']),
    compression: oneOf(options, 'compression', ['gzip', 'zstd', 'none']),
    recovery,
    reclaimOnTakeover,
    maxRecoveryAttempts: int(options, 'maxRecoveryAttempts', 0, 1000),
    commitPollIntervalMs: int(options, 'commitPollIntervalMs', 1),
    commitPollMaxIntervalMs: int(options, 'commitPollMaxIntervalMs', 1),
    closeTimeoutMs: int(options, 'closeTimeoutMs', 0),
    connect: oneOf(options, 'connect', ['eager', 'lazy']),
  };
  const level = compressionLevel(options, knobs.compression);
  if (knobs.commitPollMaxIntervalMs < knobs.commitPollIntervalMs) {
    fail(
      'commitPollMaxIntervalMs',
      'option commitPollMaxIntervalMs',
      `must be >= commitPollIntervalMs (${knobs.commitPollIntervalMs})`,
      knobs.commitPollMaxIntervalMs,
    );
  }
  return { ...knobs, ...level };
}

/** Validates `retry` via `createRetryPlan`, re-throwing its error as a `ConfigurationError`. */
export function validateRetry(retry: ClientOptions['retry']): RetryPlan {
  if (retry !== undefined && (typeof retry !== 'object' || retry === null)) {
    fail('retry', 'option retry', 'must be an object', retry);
  }
  try {
    return createRetryPlan(retry ?? {});
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const key = Object.keys(retry ?? {}).find((k) => text.includes(k)) ?? 'retry';
    const field = key === 'retry' ? 'retry' : `retry.${key}`;
    const source = key === 'retry' ? 'option retry' : sourceOf(retry, key, `option ${field}`);
    throw new ConfigurationError(`${field}: ${text} (from ${source})`, {
      field,
      source,
      cause: error,
    });
  }
}

const REFRESH_KEYS = [
  'thresholdMs',
  'minCooldownMs',
  'maxSkewMs',
  'refreshAheadMs',
  'escalateAfter',
] as const;

/** Validates `refresh` (token-guard validates lifetime-dependent conflicts itself). */
export function validateRefresh(refresh: RefreshOptions | undefined): Readonly<RefreshOptions> {
  if (refresh === undefined) return Object.freeze({});
  if (typeof refresh !== 'object' || refresh === null)
    fail('refresh', 'option refresh', 'must be an object', refresh);
  const out: RefreshOptions = {};
  for (const key of Object.keys(refresh)) {
    if (!(REFRESH_KEYS as readonly string[]).includes(key)) {
      fail(
        `refresh.${key}`,
        `option refresh.${key}`,
        `is not a refresh option (known: ${REFRESH_KEYS.join(', ')})`,
        key,
      );
    }
  }
  for (const key of REFRESH_KEYS) {
    const value = refresh[key];
    if (value === undefined) continue;
    const min = key === 'escalateAfter' || key === 'thresholdMs' ? 1 : 0;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      fail(
        `refresh.${key}`,
        sourceOf(refresh, key, `option refresh.${key}`),
        `must be an integer >= ${min}`,
        value,
      );
    }
    out[key] = value;
  }
  if (
    out.thresholdMs !== undefined &&
    out.maxSkewMs !== undefined &&
    out.maxSkewMs >= out.thresholdMs
  ) {
    fail(
      'refresh.maxSkewMs',
      sourceOf(refresh, 'maxSkewMs', 'option refresh.maxSkewMs'),
      `must be below refresh.thresholdMs (${out.thresholdMs}): a token is treated as expired maxSkewMs before exp, so the refresh must start earlier`,
      out.maxSkewMs,
    );
  }
  const { refreshAheadMs: _ahead, escalateAfter: _escalate, ...policy } = out;
  try {
    createRefreshPolicy(policy);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const key = Object.keys(policy).find((k) => text.includes(k)) ?? 'thresholdMs';
    const source = sourceOf(refresh, key, `option refresh.${key}`);
    throw new ConfigurationError(`refresh.${key}: ${text} (from ${source})`, {
      field: `refresh.${key}`,
      source,
      cause: error,
    });
  }
  return Object.freeze(out);
}
