import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { EmulatorError } from '../errors.js';

/** `SHA256:` + base64 of SHA-256 over the DER SubjectPublicKeyInfo, as Snowflake's `RSA_PUBLIC_KEY_FP`. */
export function publicKeyFingerprint(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/** Public keys accepted for key-pair JWTs, looked up by fingerprint. */
export interface KeyRegistry {
  /** Registers a PEM (public or private; the public half is kept) or `KeyObject`; returns its fingerprint. */
  register(key: string | KeyObject): string;
  get(fingerprint: string): KeyObject | undefined;
  readonly size: number;
}

/** Creates an empty {@link KeyRegistry}. */
export function createKeyRegistry(): KeyRegistry {
  const keys = new Map<string, KeyObject>();
  return {
    register(key) {
      let pub: KeyObject;
      try {
        pub =
          key instanceof KeyObject
            ? key.type === 'public'
              ? key
              : createPublicKey(key)
            : createPublicKey(key);
      } catch (cause) {
        throw new EmulatorError(
          'INVALID_KEY',
          'Cannot read the public key (expected a PEM SPKI key or a KeyObject)',
          { cause },
        );
      }
      if (pub.asymmetricKeyType !== 'rsa') {
        throw new EmulatorError(
          'INVALID_KEY',
          `Only RSA keys are supported, got ${String(pub.asymmetricKeyType)}`,
        );
      }
      const fp = publicKeyFingerprint(pub);
      keys.set(fp, pub);
      return fp;
    },
    get: (fp) => keys.get(fp),
    get size() {
      return keys.size;
    },
  };
}
