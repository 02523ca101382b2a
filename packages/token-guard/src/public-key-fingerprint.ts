import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import type { Buffer } from 'node:buffer';
import { KeyError } from './key-error.js';
import { loadPrivateKey } from './load-private-key.js';

/**
 * The Snowflake fingerprint of a key: `SHA256:` + base64 of the SHA-256 of the public key's DER
 * SubjectPublicKeyInfo (what `DESC USER` shows as `RSA_PUBLIC_KEY_FP`). Accepts a private key in
 * any form {@link createKeyPairJwtSource} takes, a public key PEM or a `KeyObject`.
 * @example
 * publicKeyFingerprint(fs.readFileSync('rsa_key.p8', 'utf8')); // 'SHA256:3vX…='
 */
export function publicKeyFingerprint(
  key: string | Buffer | KeyObject,
  passphrase?: string,
): string {
  return fingerprintOf(publicKeyOf(key, passphrase));
}

/** Fingerprint of a public `KeyObject`. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

function publicKeyOf(key: string | Buffer | KeyObject, passphrase: string | undefined): KeyObject {
  if (key instanceof KeyObject && key.type === 'public') return key;
  const text = typeof key === 'string' ? key.trim() : undefined;
  if (text !== undefined && /^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
    try {
      return createPublicKey(text);
    } catch (error) {
      throw new KeyError('KEY_INVALID', 'public key PEM could not be read', { cause: error });
    }
  }
  return createPublicKey(loadPrivateKey(key, passphrase));
}
