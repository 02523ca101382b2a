import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions } from './client-options.js';
import { expandHome, findSnowflakeHome } from './connections-toml-location.js';
import { recordSource } from './property-sources.js';

/** Options of {@link loadConfigFromConnectionsToml}. */
export interface ConnectionsTomlOptions {
  /**
   * The connection (TOML table) to read.
   * @default env `SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else `default_connection_name` from
   * `config.toml` in the same directory, else `"default"`
   */
  connectionName?: string;
  /**
   * Path of the file to read instead of looking it up.
   * @default `connections.toml` in `SNOWFLAKE_HOME`, `~/.snowflake` (when it exists) or the
   * platform's configuration directory (see the README)
   */
  connectionsFile?: string;
  /**
   * Environment to read `SNOWFLAKE_HOME`, `SNOWFLAKE_DEFAULT_CONNECTION_NAME`, `HOME`… from.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Platform deciding the fallback directory.
   * @default process.platform
   */
  platform?: NodeJS.Platform;
}

/** `connections.toml` keys → client properties (several spellings used by Snowflake's drivers). */
export const TOML_PROPERTIES = Object.freeze({
  account: 'account',
  user: 'user',
  role: 'role',
  private_key: 'private_key',
  private_key_file: 'private_key_file',
  private_key_path: 'private_key_file',
  private_key_file_pwd: 'private_key_passphrase',
  private_key_pwd: 'private_key_passphrase',
  private_key_passphrase: 'private_key_passphrase',
  token: 'personal_access_token',
} as const);

/** `connections.toml` keys → top-level client options. */
export const TOML_OPTIONS = Object.freeze({
  database: 'dbName',
  schema: 'schemaName',
} as const);

/** `authenticator` values → `authorization_type`; other authenticators need a browser or password. */
const AUTHENTICATORS: Readonly<Record<string, string>> = {
  SNOWFLAKE_JWT: 'JWT',
  PROGRAMMATIC_ACCESS_TOKEN: 'PAT',
};

type Source = (key: string) => string;

/**
 * Reads one connection from the `connections.toml` file that Snowflake's CLI and drivers share,
 * mapped onto client options: `account`, `user`, `role`, `private_key_file` (or
 * `private_key_path`), `private_key_file_pwd`, `authenticator` (`SNOWFLAKE_JWT` or
 * `PROGRAMMATIC_ACCESS_TOKEN` with `token`), `host`/`port`/`protocol` (the URL; else
 * `https://<account>.snowflakecomputing.com`), `database` and `schema`. Other keys (`warehouse`,
 * `password`…) are ignored. When the file does not exist, `[connections.<name>]` tables in
 * `config.toml` are read instead. Every problem is a `ConfigurationError` that names the file,
 * the connection and the key; spread the result before your own options so they win.
 * @example
 * const client = await createClient({ ...(await loadConfigFromConnectionsToml({ connectionName: 'ingest' })), clientName: 'relay-1', pipeName: 'EVENTS-STREAMING' });
 */
export async function loadConfigFromConnectionsToml(
  options: ConnectionsTomlOptions = {},
): Promise<Partial<ClientOptions>> {
  const env = options.env ?? process.env;
  const location =
    options.connectionsFile === undefined
      ? findSnowflakeHome(env, options.platform ?? process.platform)
      : undefined;
  const file =
    options.connectionsFile !== undefined
      ? expandHome(options.connectionsFile, env)
      : join(location?.directory ?? '', 'connections.toml');
  const configFile = join(location?.directory ?? '', 'config.toml');
  const why = location === undefined ? 'option connectionsFile' : location.reason;

  let connections = await readToml(file, 'connectionsFile', why);
  let connectionsLabel = file;
  let prefix = '';
  let config: Record<string, unknown> | undefined;
  if (connections === undefined && location !== undefined) {
    config = await readToml(configFile, 'connectionsFile', why);
    const section = config?.connections;
    if (isTable(section)) {
      connections = section;
      connectionsLabel = configFile;
      prefix = 'connections.';
    }
  }
  if (connections === undefined) {
    throw new ConfigurationError(
      `connectionsFile: no connections file at ${file}${location !== undefined ? ` (nor [connections] in ${configFile})` : ''} (directory from ${why})`,
      { field: 'connectionsFile', source: why },
    );
  }

  const { name, nameSource } = await pickName(options, env, location, configFile, config);
  const table = connections[name];
  if (!isTable(table)) {
    const known = Object.keys(connections).filter((k) => isTable(connections[k]));
    throw new ConfigurationError(
      `connectionName: no connection [${prefix}${name}] in ${connectionsLabel} (name from ${nameSource}; found ${known.length > 0 ? known.join(', ') : 'none'})`,
      { field: 'connectionName', source: nameSource },
    );
  }
  const source: Source = (key) =>
    `connections.toml ${connectionsLabel} [${prefix}${name}] key "${key}"`;
  return mapConnection(table, source, env);
}

async function pickName(
  options: ConnectionsTomlOptions,
  env: NodeJS.ProcessEnv,
  location: unknown,
  configFile: string,
  preRead: Record<string, unknown> | undefined,
): Promise<{ name: string; nameSource: string }> {
  if (options.connectionName !== undefined) {
    if (typeof options.connectionName !== 'string' || options.connectionName.trim() === '') {
      throw new ConfigurationError(
        'connectionName: must be a non-empty string (from option connectionName)',
        {
          field: 'connectionName',
          source: 'option connectionName',
        },
      );
    }
    return { name: options.connectionName.trim(), nameSource: 'option connectionName' };
  }
  const fromEnv = env.SNOWFLAKE_DEFAULT_CONNECTION_NAME?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    return { name: fromEnv, nameSource: 'env SNOWFLAKE_DEFAULT_CONNECTION_NAME' };
  }
  if (location !== undefined) {
    const config = preRead ?? (await readToml(configFile, 'connectionName', 'config.toml'));
    const v = config?.default_connection_name;
    if (typeof v === 'string' && v.trim() !== '') {
      return {
        name: v.trim(),
        nameSource: `config.toml ${configFile} key "default_connection_name"`,
      };
    }
  }
  return { name: 'default', nameSource: 'default name "default"' };
}

function mapConnection(
  table: Record<string, unknown>,
  source: Source,
  env: NodeJS.ProcessEnv,
): Partial<ClientOptions> {
  const text = (key: string, allowNumber = false): string | undefined => {
    const raw = table[key];
    if (raw === undefined) return undefined;
    if (typeof raw === 'string') return raw.trim() === '' ? undefined : raw;
    if (allowNumber && typeof raw === 'number') return String(raw);
    throw new ConfigurationError(`${key}: must be a string (from ${source(key)})`, {
      field: key,
      source: source(key),
    });
  };
  const out: Partial<ClientOptions> = {};
  const properties: Record<string, string> = {};
  const put = (key: string, value: string, from: string): void => {
    properties[key] = value;
    recordSource(properties, key, source(from));
  };
  for (const [tomlKey, key] of Object.entries(TOML_PROPERTIES)) {
    const v = text(tomlKey);
    if (v === undefined || properties[key] !== undefined) continue;
    put(key, key === 'private_key_file' ? expandHome(v.trim(), env) : v, tomlKey);
  }
  for (const [tomlKey, key] of Object.entries(TOML_OPTIONS)) {
    const v = text(tomlKey)?.trim();
    if (v === undefined) continue;
    out[key] = v;
    recordSource(properties, `option:${key}=${v}`, source(tomlKey));
  }
  const authenticator = text('authenticator')?.trim();
  if (authenticator !== undefined) {
    const type = AUTHENTICATORS[authenticator.toUpperCase()];
    if (type === undefined) {
      throw new ConfigurationError(
        `authenticator: ${JSON.stringify(authenticator)} cannot be used for streaming ingest; use SNOWFLAKE_JWT (key pair) or PROGRAMMATIC_ACCESS_TOKEN with token (from ${source('authenticator')})`,
        { field: 'authenticator', source: source('authenticator') },
      );
    }
    put('authorization_type', type, 'authenticator');
  }
  const host = text('host')?.trim();
  const protocol = text('protocol')?.trim().toLowerCase() ?? 'https';
  const port = text('port', true)?.trim();
  const account = properties.account?.trim();
  if (host !== undefined || account !== undefined) {
    const hostname = host ?? `${account ?? ''}.snowflakecomputing.com`;
    put(
      'url',
      `${protocol}://${hostname}${port !== undefined ? `:${port}` : ''}`,
      host !== undefined ? 'host' : 'account',
    );
  }
  out.properties = properties;
  return out;
}

async function readToml(
  path: string,
  field: string,
  why: string,
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigurationError(
      `${field}: cannot read ${path} (${typeof code === 'string' ? code : 'read error'}) (directory from ${why})`,
      { field, source: why, cause: error },
    );
  }
  try {
    return parse(text);
  } catch (error) {
    // The parser's message quotes the offending line, which can hold a secret: keep line/column only.
    const where =
      error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    throw new ConfigurationError(`${field}: ${path} is not valid TOML${where}`, {
      field,
      source: `file ${path}`,
    });
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
