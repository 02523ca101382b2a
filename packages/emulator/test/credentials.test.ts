import { createPrivateKey, createPublicKey } from 'node:crypto';
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
});
