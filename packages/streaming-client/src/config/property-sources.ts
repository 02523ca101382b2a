import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from './logger.js';

/** Official-SDK property names the client understands (plus our `ingest_url`). */
export const KNOWN_PROPERTIES = Object.freeze([
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
] as const);

/** One of {@link KNOWN_PROPERTIES}. */
export type PropertyName = (typeof KNOWN_PROPERTIES)[number];

/** A property value and where it came from (for error messages). */
export interface SourcedValue {
  readonly value: string;
  readonly source: string;
}

/** Merged properties: `properties` win over the profile. */
export type SourcedProperties = Partial<Record<PropertyName, SourcedValue>>;

const KNOWN = new Set<string>(KNOWN_PROPERTIES);

// Provenance of objects built by loadConfigFromEnv, so errors can say `env SNOWFLAKE_URL`.
const PROVENANCE = new WeakMap<object, Map<string, string>>();

/** Records that `holder[key]` came from `source` (used by `loadConfigFromEnv`). */
export function recordSource(holder: object, key: string, source: string): void {
  let map = PROVENANCE.get(holder);
  if (map === undefined) {
    map = new Map();
    PROVENANCE.set(holder, map);
  }
  map.set(key, source);
}

/** Where `holder[key]` came from, or `fallback`. */
export function sourceOf(holder: object | undefined, key: string, fallback: string): string {
  return (holder && PROVENANCE.get(holder)?.get(key)) ?? fallback;
}

/** Reads and parses an official-SDK `profile.json`; unknown keys are logged at debug level. */
export async function readProfile(
  path: string,
  pathSource: string,
  logger: Logger,
): Promise<SourcedProperties> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigurationError(
      `profilePath: cannot read profile file ${path} (${typeof code === 'string' ? code : 'read error'}) (from ${pathSource})`,
      { field: 'profilePath', source: pathSource, cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message can quote file content (a key), so it is not passed on as cause.
    throw new ConfigurationError(`profilePath: profile file ${path} is not valid JSON`, {
      field: 'profilePath',
      source: `profile ${path}`,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`profilePath: profile file ${path} must hold a JSON object`, {
      field: 'profilePath',
      source: `profile ${path}`,
    });
  }
  const out: SourcedProperties = {};
  for (const [rawKey, raw] of Object.entries(parsed as Record<string, unknown>)) {
    const key = rawKey.toLowerCase();
    const source = `profile ${path} key "${rawKey}"`;
    if (!KNOWN.has(key)) {
      logger.debug?.(`ignoring unknown profile key "${rawKey}"`, { profile: path });
      continue;
    }
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new ConfigurationError(`${key}: must be a string (from ${source})`, {
        field: key,
        source,
      });
    }
    out[key as PropertyName] = { value: String(raw), source };
  }
  return out;
}

/** Turns the `properties` option into sourced values; unknown keys are logged at debug level. */
export function fromProperties(
  properties: Record<string, string | undefined> | undefined,
  logger: Logger,
): SourcedProperties {
  const out: SourcedProperties = {};
  if (properties === undefined) return out;
  if (typeof properties !== 'object' || properties === null) {
    throw new ConfigurationError(
      'properties: must be an object of strings (from option properties)',
      {
        field: 'properties',
        source: 'option properties',
      },
    );
  }
  for (const [rawKey, raw] of Object.entries(properties)) {
    const key = rawKey.toLowerCase();
    const source = sourceOf(properties, rawKey, `property ${rawKey}`);
    if (!KNOWN.has(key)) {
      logger.debug?.(`ignoring unknown property "${rawKey}"`);
      continue;
    }
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string') {
      throw new ConfigurationError(`${key}: must be a string (from ${source})`, {
        field: key,
        source,
      });
    }
    out[key as PropertyName] = { value: raw, source };
  }
  return out;
}
