import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  /** A file holding `privateKeyPem` (mode 0600), so child processes can share the key. */
  readonly privateKeyFile: string;
  /** `SHA256:<base64>` of the DER SPKI. */
  readonly fingerprint: string;
}

/** Env var naming a private key file: child processes set it to reuse their parent's key. */
export const BENCH_KEY_ENV = 'SNOWPIPE_BENCH_PRIVATE_KEY_FILE';

let cached: BenchKeys | undefined;

/**
 * One 2048-bit key pair per process tree (generation takes ~100 ms): read from the file named by
 * {@link BENCH_KEY_ENV} when set, else generated (and that variable set for children).
 */
export function benchKeys(): BenchKeys {
  if (cached) return cached;
  const inherited = process.env[BENCH_KEY_ENV];
  const privateKey = inherited
    ? createPrivateKey(readFileSync(inherited))
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')}`;
  const dir = mkdtempSync(join(tmpdir(), 'snowpipe-bench-'));
  const publicKeyFile = join(dir, 'rsa_key.pub');
  writeFileSync(publicKeyFile, publicKeyPem);
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const privateKeyFile = inherited ?? join(dir, 'rsa_key.p8');
  if (!inherited) writeFileSync(privateKeyFile, privateKeyPem, { mode: 0o600 });
  process.env[BENCH_KEY_ENV] = privateKeyFile;
  cached = {
    account: 'BENCH',
    user: 'USER',
    privateKey,
    privateKeyPem,
    publicKeyPem,
    publicKeyFile,
    privateKeyFile,
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
