import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { findSnowflakeHome } from './connections-toml-location.js';
import { loadConfigFromConnectionsToml } from './load-config-from-connections-toml.js';
import { resolveClientConfig } from './resolve-client-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sf-toml-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const JWT = `
[default]
account = "myorg-acct"
user = "INGEST"
role = "LOADER"
private_key_file = "/keys/rsa.p8"
private_key_file_pwd = "s3cret"
authenticator = "SNOWFLAKE_JWT"
database = "DB"
schema = "PUBLIC"
warehouse = "ignored"

[pat]
host = "127.0.0.1"
port = 8080
protocol = "http"
account = "acct"
authenticator = "programmatic_access_token"
token = "pat-token"
`;

async function caught(p: Promise<unknown>): Promise<ConfigurationError> {
  const e: unknown = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(ConfigurationError);
  return e as ConfigurationError;
}

describe('loadConfigFromConnectionsToml', () => {
  it('maps the default connection from SNOWFLAKE_HOME onto client options', async () => {
    await writeFile(join(dir, 'connections.toml'), JWT);
    const options = await loadConfigFromConnectionsToml({ env: { SNOWFLAKE_HOME: dir } });
    expect(options).toEqual({
      dbName: 'DB',
      schemaName: 'PUBLIC',
      properties: {
        account: 'myorg-acct',
        user: 'INGEST',
        role: 'LOADER',
        private_key_file: '/keys/rsa.p8',
        private_key_passphrase: 's3cret',
        authorization_type: 'JWT',
        url: 'https://myorg-acct.snowflakecomputing.com',
      },
    });
  });

  it('builds the URL from host, port and protocol and maps a PAT connection', async () => {
    const file = join(dir, 'c.toml');
    await writeFile(file, JWT);
    const options = await loadConfigFromConnectionsToml({
      connectionsFile: file,
      connectionName: 'pat',
    });
    expect(options.properties).toEqual({
      account: 'acct',
      personal_access_token: 'pat-token',
      authorization_type: 'PAT',
      url: 'http://127.0.0.1:8080',
    });
    const config = await resolveClientConfig(
      { ...options, clientName: 'c', dbName: 'D', schemaName: 'S', pipeName: 'P' },
      {},
    );
    expect(config.auth.type).toBe('PAT');
    expect(config.controlUrl).toBe('http://127.0.0.1:8080');
  });

  it('picks SNOWFLAKE_DEFAULT_CONNECTION_NAME over config.toml default_connection_name', async () => {
    await writeFile(join(dir, 'connections.toml'), JWT);
    await writeFile(join(dir, 'config.toml'), 'default_connection_name = "nope"\n');
    const fromEnv = await loadConfigFromConnectionsToml({
      env: { SNOWFLAKE_HOME: dir, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'pat' },
    });
    expect(fromEnv.properties?.authorization_type).toBe('PAT');
    const e = await caught(loadConfigFromConnectionsToml({ env: { SNOWFLAKE_HOME: dir } }));
    expect(e.field).toBe('connectionName');
    expect(e.message).toContain(`no connection [nope] in ${join(dir, 'connections.toml')}`);
    expect(e.message).toContain('default_connection_name');
    expect(e.message).toContain('found default, pat');
  });

  it('falls back to [connections.<name>] in config.toml when connections.toml is absent', async () => {
    await writeFile(
      join(dir, 'config.toml'),
      'default_connection_name = "dev"\n[connections.dev]\naccount = "a"\nuser = "u"\n',
    );
    const options = await loadConfigFromConnectionsToml({ env: { SNOWFLAKE_HOME: dir } });
    expect(options.properties).toMatchObject({ account: 'a', user: 'u' });
  });

  it('errors name the file, the connection and the key, and surface later in createClient', async () => {
    const file = join(dir, 'connections.toml');
    await writeFile(file, '[default]\naccount = "a"\nuser = 42\n');
    let e = await caught(loadConfigFromConnectionsToml({ connectionsFile: file }));
    expect(e.message).toBe(
      `user: must be a string (from connections.toml ${file} [default] key "user")`,
    );

    await writeFile(file, '[default]\naccount = "a"\nauthenticator = "externalbrowser"\n');
    e = await caught(loadConfigFromConnectionsToml({ connectionsFile: file }));
    expect(e.field).toBe('authenticator');
    expect(e.message).toContain(`[default] key "authenticator"`);

    await writeFile(
      file,
      '[default]\naccount = "bad account"\nuser = "u"\nprivate_key_file = "/x"\n',
    );
    const options = await loadConfigFromConnectionsToml({ connectionsFile: file });
    e = await caught(
      resolveClientConfig(
        { ...options, clientName: 'c', dbName: 'D', schemaName: 'S', pipeName: 'P' },
        {},
      ),
    );
    expect(e.source).toBe(`connections.toml ${file} [default] key "account"`);
  });

  it('reports invalid TOML with its position but without quoting the file', async () => {
    const file = join(dir, 'connections.toml');
    await writeFile(file, '[default]\ntoken = "secret-value\n');
    const e = await caught(loadConfigFromConnectionsToml({ connectionsFile: file }));
    expect(e.message).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid TOML at line 2`),
    );
    expect(e.message).not.toContain('secret-value');
  });

  it('names the missing file and how its directory was chosen', async () => {
    const e = await caught(loadConfigFromConnectionsToml({ env: { SNOWFLAKE_HOME: dir } }));
    expect(e.message).toContain(`no connections file at ${join(dir, 'connections.toml')}`);
    expect(e.message).toContain('env SNOWFLAKE_HOME');
  });
});

describe('findSnowflakeHome', () => {
  it('prefers ~/.snowflake when it exists, else the platform default', async () => {
    expect(findSnowflakeHome({ HOME: dir }, 'linux').directory).toBe(
      join(dir, '.config', 'snowflake'),
    );
    expect(findSnowflakeHome({ HOME: dir, XDG_CONFIG_HOME: '/xdg' }, 'linux').directory).toBe(
      join('/xdg', 'snowflake'),
    );
    expect(findSnowflakeHome({ HOME: dir }, 'darwin').directory).toBe(
      join(dir, 'Library', 'Application Support', 'snowflake'),
    );
    expect(findSnowflakeHome({ HOME: dir, LOCALAPPDATA: '/la' }, 'win32').directory).toBe(
      join('/la', 'snowflake'),
    );
    await mkdir(join(dir, '.snowflake'));
    expect(findSnowflakeHome({ HOME: dir, XDG_CONFIG_HOME: '/xdg' }, 'linux').directory).toBe(
      join(dir, '.snowflake'),
    );
  });
});
