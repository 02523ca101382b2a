import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { JWT_BEARER, keyPairJwt } from './helpers.js';
import { publicKeyFingerprint } from '../src/index.js';

describe('emulator.createCredentials', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('returns properties whose key the emulator accepts for a token exchange', async () => {
    const creds = emulator.createCredentials({ account: 'ACME', user: 'LOADER' });
    expect(creds.properties.url).toBe(emulator.url);
    expect(creds.env.SNOWFLAKE_PRIVATE_KEY).toBe(creds.properties.private_key);
    const privateKey = createPrivateKey(creds.properties.private_key);
    const publicPem = createPublicKey(privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(publicKeyFingerprint(createPublicKey(privateKey))).toBe(creds.fingerprint);

    const jwt = await keyPairJwt(
      {
        privateKey,
        publicKey: createPublicKey(privateKey),
        publicPem,
        fingerprint: creds.fingerprint,
      },
      // The emulator runs on the real clock here, so the JWT carries real times.
      // eslint-disable-next-line no-restricted-properties
      Date.now(),
      { iss: `ACME.LOADER.${creds.fingerprint}`, sub: 'ACME.LOADER' },
    );
    const res = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${jwt}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: JWT_BEARER, scope: emulator.ingestHost }).toString(),
    });
    expect(res.status).toBe(200);
    expect((await res.text()).split('.')).toHaveLength(3);
  });

  it('keeps the private key out of inspect and JSON output', () => {
    const creds = emulator.createCredentials();
    const body = creds.properties.private_key.split('\n')[1]!;
    expect(inspect(creds)).not.toContain(body);
    expect(JSON.stringify(creds)).not.toContain(body);
    expect(inspect(creds)).toContain('[redacted]');
  });

  it('writes an official-SDK profile.json and env lines that carry the same key, owner-only', async () => {
    const creds = emulator.createCredentials({ account: 'ACME', user: 'LOADER' });
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-creds-'));
    const profilePath = join(dir, 'profile.json');
    const envPath = join(dir, 'snowflake.env');
    await creds.writeProfile(profilePath);
    await creds.writeEnvFile(envPath);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    expect(profile).toEqual({
      user: 'LOADER',
      account: 'ACME',
      url: emulator.url,
      private_key: creds.properties.private_key,
    });
    expect(statSync(profilePath).mode & 0o777).toBe(0o600);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const env = parseEnv(readFileSync(envPath, 'utf8'));
    expect(Object.keys(env).sort()).toEqual(Object.keys(creds.env).sort());
    expect(env.SNOWFLAKE_URL).toBe(emulator.url);
    // Single quotes keep `\n` literal; the PEM parses once the escapes are undone.
    const pem = env.SNOWFLAKE_PRIVATE_KEY!.replace(/\\n/g, '\n');
    expect(publicKeyFingerprint(createPublicKey(createPrivateKey(pem)))).toBe(creds.fingerprint);
  });
});
