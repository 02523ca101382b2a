import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { keyProblem } from './key-problem.js';
import { parseServiceUrl } from './parse-service-url.js';
import type { PropertyName, SourcedValue } from './property-sources.js';
import type { AuthConfig } from './resolved-config.js';
import { Secret } from './secret.js';

function fail(field: string, source: string, problem: string): never {
  throw new ConfigurationError(`${field}: ${problem} (from ${source})`, { field, source });
}

/**
 * Builds the {@link AuthConfig} for `authorization_type` from the merged properties: reads
 * `private_key_file` (relative paths: the working directory, then the profile's directory), and
 * parses the key once so a bad key or passphrase fails here, naming its property.
 */
export async function resolveAuth(
  type: 'JWT' | 'PAT' | 'OAUTH',
  get: (key: PropertyName) => SourcedValue | undefined,
  controlOrigin: string,
): Promise<AuthConfig> {
  if (type === 'PAT') {
    const pat = get('personal_access_token');
    if (pat === undefined)
      fail(
        'personal_access_token',
        'properties or profile',
        'is required for authorization_type PAT',
      );
    if (/\s/.test(pat.value.trim()))
      fail('personal_access_token', pat.source, 'must not contain whitespace');
    return { type: 'PAT', token: new Secret(pat.value.trim()) };
  }
  if (type === 'OAUTH') {
    const clientId = get('oauth_client_id');
    const clientSecret = get('oauth_client_secret');
    if (clientId === undefined)
      fail('oauth_client_id', 'properties or profile', 'is required for authorization_type OAUTH');
    if (clientSecret === undefined)
      fail(
        'oauth_client_secret',
        'properties or profile',
        'is required for authorization_type OAUTH',
      );
    const refreshToken = get('oauth_refresh_token');
    const endpointProp = get('oauth_token_endpoint');
    let tokenEndpoint = `${controlOrigin}/oauth/token-request`;
    if (endpointProp !== undefined) {
      let url: URL;
      try {
        url = new URL(endpointProp.value.trim());
      } catch {
        fail('oauth_token_endpoint', endpointProp.source, 'must be an absolute URL');
      }
      const origin = parseServiceUrl(url.origin);
      if ('problem' in origin) fail('oauth_token_endpoint', endpointProp.source, origin.problem);
      if (url.username !== '' || url.password !== '' || url.hash !== '')
        fail(
          'oauth_token_endpoint',
          endpointProp.source,
          'must not carry credentials or a fragment',
        );
      tokenEndpoint = url.href;
    }
    return {
      type: 'OAUTH',
      clientId: clientId.value.trim(),
      clientSecret: new Secret(clientSecret.value),
      ...(refreshToken !== undefined
        ? { refreshToken: new Secret(refreshToken.value.trim()) }
        : {}),
      tokenEndpoint,
    };
  }
  const inline = get('private_key');
  const file = get('private_key_file');
  const passphrase = get('private_key_passphrase');
  let text: string;
  let source: string;
  if (inline !== undefined) {
    text = inline.value;
    source = inline.source;
  } else if (file !== undefined) {
    text = await readKeyFile(file);
    source = file.source;
  } else {
    fail(
      'private_key',
      'properties or profile',
      'private_key or private_key_file is required for authorization_type JWT (set authorization_type to PAT or OAUTH for other credentials)',
    );
  }
  const loaded = keyProblem(text, passphrase?.value);
  if ('problem' in loaded) {
    const where =
      loaded.field === 'private_key_passphrase'
        ? (passphrase?.source ?? 'properties or profile')
        : source;
    const field =
      loaded.field === 'private_key' && inline === undefined ? 'private_key_file' : loaded.field;
    fail(field, where, loaded.problem);
  }
  return { type: 'JWT', privateKey: loaded.key };
}

async function readKeyFile(file: SourcedValue): Promise<string> {
  const path = file.value.trim();
  const profileMatch = /^profile (.+) key "/.exec(file.source);
  const candidates = isAbsolute(path)
    ? [path]
    : [
        resolvePath(path),
        ...(profileMatch?.[1] ? [resolvePath(dirname(profileMatch[1]), path)] : []),
      ];
  let lastCode = 'ENOENT';
  for (const candidate of candidates) {
    try {
      return await readFile(candidate, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      lastCode = typeof code === 'string' ? code : 'read error';
    }
  }
  fail('private_key_file', file.source, `cannot read ${path} (${lastCode})`);
}
