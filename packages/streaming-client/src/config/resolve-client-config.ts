import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions } from './client-options.js';
import type { ResolvedClientConfig } from './resolved-config.js';
import { silentLogger } from './logger.js';
import type { Logger } from './logger.js';
import { fromProperties, readProfile, sourceOf } from './property-sources.js';
import type { PropertyName, SourcedProperties, SourcedValue } from './property-sources.js';
import { parseServiceUrl } from './parse-service-url.js';
import { resolveAuth } from './resolve-auth.js';
import { checkOptionNames } from './check-option-names.js';
import { resolveBinaryInputFormat } from '../values/binary-input-format.js';
import { validateKnobs, validateRefresh, validateRetry } from './validate-options.js';
import { validatePorts } from './validate-ports.js';
import { validateTimeouts } from './validate-timeouts.js';

function fail(field: string, source: string, problem: string): never {
  throw new ConfigurationError(`${field}: ${problem} (from ${source})`, { field, source });
}

function optionSource(options: ClientOptions, key: keyof ClientOptions): string {
  const value = options[key];
  if (typeof value !== 'string') return `option ${key}`;
  return sourceOf(options.properties, `option:${key}=${value}`, `option ${key}`);
}

function requireName(options: ClientOptions, key: 'clientName' | 'dbName' | 'schemaName'): string {
  const value = options[key];
  if (value === undefined) fail(key, `option ${key}`, 'is required');
  if (typeof value !== 'string' || value.trim() === '') {
    fail(key, optionSource(options, key), 'must be a non-empty string');
  }
  return value.trim();
}

/** `MY_TABLE` → `MY_TABLE-STREAMING`; a quoted `"My Table"` → `"My Table-STREAMING"`. */
export function defaultPipeName(table: string): string {
  return table.length > 1 && table.startsWith('"') && table.endsWith('"')
    ? `${table.slice(0, -1)}-STREAMING"`
    : `${table}-STREAMING`;
}

// User-Agent `(app=…)`: 1–64 visible ASCII characters other than `(`, `)` and `\` (reference §2).
const APPLICATION = /^[\x21-\x27\x2a-\x5b\x5d-\x7e]{1,64}$/;

/**
 * Validates and normalises {@link ClientOptions}: reads the profile file (properties win over
 * it), the private key file, and `SS_APPLICATION` from `env`; makes no network call. Every
 * problem is a `ConfigurationError` naming the field and where its value came from.
 * @example
 * const config = await resolveClientConfig({ clientName: 'c', dbName: 'DB', schemaName: 'PUBLIC', pipeName: 'P', profilePath: 'profile.json' });
 */
export async function resolveClientConfig(
  options: ClientOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedClientConfig> {
  if (typeof options !== 'object' || options === null)
    fail('options', 'createClient', 'must be an object');
  checkOptionNames(options);
  validatePorts(options);
  const logger: Logger = options.logger ?? silentLogger;
  const clientName = requireName(options, 'clientName');
  const database = requireName(options, 'dbName');
  const schema = requireName(options, 'schemaName');
  const { pipe, table } = resolvePipe(options);

  let profile: SourcedProperties = {};
  if (options.profilePath !== undefined) {
    const src = optionSource(options, 'profilePath');
    if (typeof options.profilePath !== 'string' || options.profilePath.trim() === '') {
      fail('profilePath', src, 'must be a non-empty path');
    }
    profile = await readProfile(options.profilePath, src, logger);
  }
  const props: SourcedProperties = { ...profile, ...fromProperties(options.properties, logger) };
  const get = (key: PropertyName): SourcedValue | undefined => {
    const v = props[key];
    return v === undefined || v.value.trim() === '' ? undefined : v;
  };

  const urlProp = get('url');
  if (urlProp === undefined)
    fail(
      'url',
      'properties or profile',
      'is required (the account URL, e.g. https://myorg-myacct.snowflakecomputing.com)',
    );
  const control = parseServiceUrl(urlProp.value);
  if ('problem' in control) fail('url', urlProp.source, control.problem);

  let ingestUrl: string | undefined;
  const ingestProp = get('ingest_url');
  if (ingestProp !== undefined) {
    const parsed = parseServiceUrl(ingestProp.value);
    if ('problem' in parsed) fail('ingest_url', ingestProp.source, parsed.problem);
    ingestUrl = parsed.origin;
  }

  const typeProp = get('authorization_type');
  const authType = typeProp?.value.trim().toUpperCase() ?? 'JWT';
  if (authType !== 'JWT' && authType !== 'PAT' && authType !== 'OAUTH') {
    fail(
      'authorization_type',
      typeProp?.source ?? 'properties',
      `must be JWT, PAT or OAUTH, got ${JSON.stringify(typeProp?.value)}`,
    );
  }

  const accountProp = get('account');
  const userProp = get('user');
  if (authType === 'JWT') {
    if (accountProp === undefined)
      fail('account', 'properties or profile', 'is required for authorization_type JWT');
    if (userProp === undefined)
      fail('user', 'properties or profile', 'is required for authorization_type JWT');
  }
  const account = accountProp?.value.trim() ?? new URL(control.origin).hostname.split('.')[0] ?? '';
  if (accountProp !== undefined && /[\s/?#@:]/.test(account)) {
    fail(
      'account',
      accountProp.source,
      `must be an account identifier such as myorg-myacct, got ${JSON.stringify(account)}`,
    );
  }

  const auth = await resolveAuth(authType, get, control.origin);

  let application = get('application')?.value.trim();
  let applicationSource = get('application')?.source;
  if (
    application === undefined &&
    env.SS_APPLICATION !== undefined &&
    env.SS_APPLICATION.trim() !== ''
  ) {
    application = env.SS_APPLICATION.trim();
    applicationSource = 'env SS_APPLICATION';
  }
  if (application !== undefined && !APPLICATION.test(application)) {
    fail(
      'application',
      applicationSource ?? 'properties',
      'must be 1-64 visible ASCII characters other than ( ) \\',
    );
  }
  const role = get('role')?.value.trim();
  if (role !== undefined && /[\s"]/.test(role) && !/^"[^"]+"$/.test(role)) {
    fail(
      'role',
      get('role')?.source ?? 'properties',
      `must be a role name, got ${JSON.stringify(role)}`,
    );
  }

  const config: ResolvedClientConfig = {
    clientName,
    database,
    schema,
    pipe,
    ...(table !== undefined ? { table } : {}),
    controlUrl: control.origin,
    ...(ingestUrl !== undefined ? { ingestUrl } : {}),
    account,
    ...(userProp !== undefined ? { user: userProp.value.trim() } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(application !== undefined ? { application } : {}),
    auth,
    retry: validateRetry(options.retry),
    refresh: validateRefresh(options.refresh),
    ...validateKnobs(options),
    ...validateTimeouts(options),
    binaryInputFormat: resolveBinaryInputFormat(options.binaryInputFormat),
    ...(options.offsetTokenComparator !== undefined
      ? { offsetTokenComparator: options.offsetTokenComparator }
      : {}),
  };
  return Object.freeze(config);
}

function resolvePipe(options: ClientOptions): { pipe: string; table?: string } {
  const { pipeName, tableName } = options;
  if (pipeName !== undefined && tableName !== undefined) {
    fail(
      'pipeName',
      optionSource(options, 'pipeName'),
      `give pipeName or tableName, not both (tableName from ${optionSource(options, 'tableName')})`,
    );
  }
  if (pipeName === undefined && tableName === undefined) {
    fail(
      'pipeName',
      'option pipeName',
      'is required (or tableName, which uses the default pipe <TABLE>-STREAMING)',
    );
  }
  if (pipeName !== undefined) {
    if (typeof pipeName !== 'string' || pipeName.trim() === '')
      fail('pipeName', optionSource(options, 'pipeName'), 'must be a non-empty string');
    return { pipe: pipeName.trim() };
  }
  if (typeof tableName !== 'string' || tableName.trim() === '')
    fail('tableName', optionSource(options, 'tableName'), 'must be a non-empty string');
  const table = tableName.trim();
  return { pipe: defaultPipeName(table), table };
}
