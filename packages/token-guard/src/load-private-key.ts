import { Buffer } from 'node:buffer';
import { createPrivateKey, KeyObject } from 'node:crypto';
import { KeyError } from './key-error.js';

/** The smallest RSA modulus accepted, in bits (Snowflake's minimum). */
export const MIN_RSA_BITS = 2048;

/** Where a private key can come from. */
export type PrivateKeyInput = string | Buffer | KeyObject;

const BASE64 = /^[A-Za-z0-9+/=]+$/;

/**
 * Reads a private key once into a `KeyObject`: PKCS#8 PEM, encrypted PKCS#8 PEM (with
 * `passphrase`), PKCS#1 PEM (plain or encrypted), base64 DER, "key content only" (a PEM body
 * without header, footer or line breaks) or DER bytes. Checks it is RSA of at least 2048 bits.
 * Throws a {@link KeyError} whose message never contains the key or the passphrase.
 */
export function loadPrivateKey(input: PrivateKeyInput, passphrase?: string): KeyObject {
  if (passphrase !== undefined && typeof passphrase !== 'string') {
    throw new KeyError('KEY_INVALID', 'private key passphrase must be a string');
  }
  const key = input instanceof KeyObject ? fromKeyObject(input) : parse(input, passphrase);
  return checkRsa(key);
}

function fromKeyObject(key: KeyObject): KeyObject {
  if (key.type !== 'private') {
    throw new KeyError('KEY_INVALID', `expected a private KeyObject, got a ${key.type} key`);
  }
  return key;
}

function parse(input: string | Buffer, passphrase: string | undefined): KeyObject {
  let text: string | undefined;
  if (typeof input === 'string') text = input;
  else if (Buffer.isBuffer(input)) {
    const head = input.subarray(0, 64).toString('latin1').trimStart();
    if (head.startsWith('-----') || BASE64.test(head.replace(/\s+/g, '')))
      text = input.toString('utf8');
    else return fromDer(input, passphrase);
  } else {
    throw new KeyError('KEY_INVALID', 'private key must be a string, a Buffer or a KeyObject');
  }
  // Environment variables often carry PEM with literal "\n" sequences.
  const normalized = text.replace(/\\n/g, '\n').trim();
  if (normalized.length === 0) throw new KeyError('KEY_INVALID', 'private key is empty');
  if (normalized.startsWith('-----BEGIN')) return fromPem(normalized, passphrase);
  const body = normalized.replace(/\s+/g, '');
  if (!BASE64.test(body)) {
    throw new KeyError(
      'KEY_INVALID',
      'private key is neither PEM nor base64 DER (expected a PEM block or the key content alone)',
    );
  }
  return fromDer(Buffer.from(body, 'base64'), passphrase);
}

function fromPem(pem: string, passphrase: string | undefined): KeyObject {
  const header = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';
  if (!header.endsWith('PRIVATE KEY')) {
    throw new KeyError('KEY_INVALID', `expected a PEM private key, got a PEM "${header}" block`);
  }
  const encrypted = header.startsWith('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (encrypted && (passphrase === undefined || passphrase.length === 0)) {
    throw new KeyError(
      'KEY_PASSPHRASE_REQUIRED',
      'private key is encrypted: pass its passphrase (option "passphrase")',
    );
  }
  try {
    return createPrivateKey(
      encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' },
    );
  } catch (error) {
    throw mapError(error, encrypted);
  }
}

function fromDer(der: Buffer, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase });
  } catch (pkcs8Error) {
    const code = (pkcs8Error as { code?: unknown }).code;
    if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_BAD_DECRYPT') {
      throw mapError(pkcs8Error, true);
    }
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
    } catch {
      throw mapError(pkcs8Error, false);
    }
  }
}

function mapError(error: unknown, encrypted: boolean): KeyError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') {
    return new KeyError(
      'KEY_PASSPHRASE_REQUIRED',
      'private key is encrypted: pass its passphrase (option "passphrase")',
      { cause: error },
    );
  }
  if (encrypted) {
    // Decrypting with a wrong passphrase fails as "bad decrypt" or, rarely, as garbage DER.
    return new KeyError('KEY_PASSPHRASE_WRONG', 'private key passphrase is wrong', {
      cause: error,
    });
  }
  return new KeyError(
    'KEY_INVALID',
    'private key could not be read (expected PKCS#8, encrypted PKCS#8 or PKCS#1, as PEM or base64 DER)',
    { cause: error },
  );
}

function checkRsa(key: KeyObject): KeyObject {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa') {
    throw new KeyError('KEY_NOT_RSA', `private key must be RSA for RS256, got ${String(type)}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(
      'KEY_TOO_SMALL',
      `RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`,
    );
  }
  return key;
}
