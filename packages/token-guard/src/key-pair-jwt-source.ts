import type { Buffer } from 'node:buffer';
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { systemClock } from '@snowpipe/retry';
import { KeyError } from './key-error.js';
import { loadPrivateKey } from './load-private-key.js';
import { normalizeAccountForJwt } from './normalize-account.js';
import { fingerprintOf } from './public-key-fingerprint.js';
import { defineRedaction } from './redact.js';
import { createTokenEnvelope } from './token-envelope.js';
import type { TokenSource, WallClock } from './token-source.js';

/** Options of {@link createKeyPairJwtSource}. */
export interface KeyPairJwtSourceOptions {
  /** Account identifier (locator, `org-account`, with or without region); normalised for the claims. */
  account: string;
  /** Login name of the user; upper-cased. */
  user: string;
  /** The RSA private key: PEM (PKCS#8, encrypted PKCS#8, PKCS#1), base64 DER, key content only, DER bytes or a `KeyObject`. */
  privateKey: string | Buffer | KeyObject;
  /** Passphrase of an encrypted key. @default undefined */
  passphrase?: string;
  /** Expected fingerprint (`SHA256:…`); checked against the key. @default computed from the key */
  publicKeyFingerprint?: string;
  /** Token lifetime, 60 000 to 3 600 000 ms (whole seconds are used). @default 3600000 */
  lifetimeMs?: number;
  /** Role to select, sent as claim `scp: "session:role:<ROLE>"`. @default undefined (no claim) */
  role?: string;
  /** Wall clock for `iat`/`exp`. @default systemClock */
  clock?: WallClock;
}

/** A key-pair JWT source, with the public claim values it signs. */
export interface KeyPairJwtSource extends TokenSource {
  /** `SHA256:<base64>` of the public key. */
  readonly fingerprint: string;
  /** `ACCOUNT.USER.SHA256:<fp>`. */
  readonly issuer: string;
  /** `ACCOUNT.USER`. */
  readonly subject: string;
}

/** Defaults of {@link createKeyPairJwtSource}. */
export const DEFAULT_KEY_PAIR_JWT_SOURCE = Object.freeze({
  /** Token lifetime when `lifetimeMs` is not given, in ms (one hour). */
  lifetimeMs: 3_600_000,
  /** Shortest lifetime accepted, in ms. */
  minLifetimeMs: 60_000,
  /** Longest lifetime accepted (Snowflake's limit for key-pair JWTs), in ms. */
  maxLifetimeMs: 3_600_000,
});

/**
 * Mints Snowflake key-pair JWTs (RS256, kind `'keypair_jwt'`): `iss` = `ACCOUNT.USER.SHA256:<fp>`,
 * `sub` = `ACCOUNT.USER`, `iat`/`exp` in seconds. The key is read once, eagerly (bad keys throw a
 * {@link KeyError} here, not at the first refresh), and is never exposed or printed.
 * @example
 * const source = createKeyPairJwtSource({ account: 'myorg-myacct', user: 'ingest', privateKey: pem });
 * const guard = createTokenGuard({ source });
 */
export function createKeyPairJwtSource(options: KeyPairJwtSourceOptions): KeyPairJwtSource {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('key-pair JWT source options must be an object');
  }
  const account = normalizeAccountForJwt(options.account);
  if (typeof options.user !== 'string' || options.user.trim().length === 0) {
    throw new TypeError('"user" must be a non-empty string');
  }
  const user = options.user.trim().toUpperCase();
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_KEY_PAIR_JWT_SOURCE.lifetimeMs;
  const { minLifetimeMs, maxLifetimeMs } = DEFAULT_KEY_PAIR_JWT_SOURCE;
  if (!(
    Number.isFinite(lifetimeMs) &&
    lifetimeMs >= minLifetimeMs &&
    lifetimeMs <= maxLifetimeMs
  )) {
    throw new RangeError(
      `"lifetimeMs" must be between ${minLifetimeMs} and ${maxLifetimeMs} (Snowflake accepts at most 1 h), got ${String(lifetimeMs)}`,
    );
  }
  const lifetimeS = Math.floor(lifetimeMs / 1000);
  const role = options.role?.trim();
  if (options.role !== undefined && !role) throw new TypeError('"role" must be a non-empty string');
  const clock = options.clock ?? systemClock;
  const key = loadPrivateKey(options.privateKey, options.passphrase);
  const fingerprint = fingerprintOf(createPublicKey(key));
  const expected = options.publicKeyFingerprint;
  if (expected !== undefined) {
    const normalized = expected.trim().startsWith('SHA256:')
      ? expected.trim()
      : `SHA256:${expected.trim()}`;
    if (normalized !== fingerprint) {
      throw new KeyError(
        'KEY_FINGERPRINT_MISMATCH',
        `"publicKeyFingerprint" ${normalized} does not match the private key's ${fingerprint}`,
      );
    }
  }
  const subject = `${account}.${user}`;
  const issuer = `${subject}.${fingerprint}`;
  const claims: Record<string, string> = role ? { scp: `session:role:${role}` } : {};

  const source: KeyPairJwtSource = {
    fingerprint,
    issuer,
    subject,
    async fetchToken(signal?: AbortSignal) {
      signal?.throwIfAborted();
      const iat = Math.floor(clock.now() / 1000);
      const exp = iat + lifetimeS;
      const jwt = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(subject)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return createTokenEnvelope({
        value: jwt,
        issuedAtMs: iat * 1000,
        expiresAtMs: exp * 1000,
        kind: 'keypair_jwt',
      });
    },
  };
  defineRedaction(source, 'KeyPairJwtSource', () => ({
    issuer,
    subject,
    fingerprint,
    lifetimeMs: lifetimeS * 1000,
    ...(role ? { role } : {}),
    privateKey: '[redacted]',
  }));
  return Object.freeze(source);
}
