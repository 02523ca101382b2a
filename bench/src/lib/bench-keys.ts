import { createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';

/** The RSA key pair a benchmark authenticates with (account `BENCH`, user `USER`). */
export interface BenchKeys {
  readonly account: string;
  readonly user: string;
  readonly privateKey: KeyObject;
  /** PKCS#8 PEM, for the client's `private_key` property. */
  readonly privateKeyPem: string;
  /** SPKI PEM of the public key. */
  readonly publicKeyPem: string;
  /** A file holding `publicKeyPem` (for the emulator CLI's `--public-key`). */
  readonly publicKeyFile: string;
  /** `SHA256:<base64>` of the DER SPKI. */
  readonly fingerprint: string;
}

let cached: BenchKeys | undefined;

/** One 2048-bit key pair per process (generation takes ~100 ms). */
export function benchKeys(): BenchKeys {
  if (cached) return cached;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')}`;
  const publicKeyFile = join(mkdtempSync(join(tmpdir(), 'snowpipe-bench-')), 'rsa_key.pub');
  writeFileSync(publicKeyFile, publicKeyPem);
  cached = {
    account: 'BENCH',
    user: 'USER',
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
    publicKeyFile,
    fingerprint,
  };
  return cached;
}

/** Mints a key-pair JWT by hand (reference §4): RS256, `iss ACCOUNT.USER.SHA256:<fp>`, seconds. */
export async function mintKeyPairJwt(keys: BenchKeys, lifetimeS = 3000): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `${keys.account}.${keys.user}.${keys.fingerprint}`,
    sub: `${keys.account}.${keys.user}`,
    iat: now,
    exp: now + lifetimeS,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(keys.privateKey);
}

/** Client properties that authenticate against an emulator that knows {@link benchKeys}. */
export function clientProperties(url: string, keys: BenchKeys): Record<string, string> {
  return { url, account: keys.account, user: keys.user, private_key: keys.privateKeyPem };
}
