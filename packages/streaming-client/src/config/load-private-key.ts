import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** What went wrong loading a private key (no key material in it). */
export interface KeyProblem {
  field: 'private_key' | 'private_key_passphrase';
  problem: string;
}

const PEM = /-----BEGIN ([A-Z ]+)-----/;

/**
 * Parses a private key as the official SDK accepts it: PEM (PKCS#8, encrypted PKCS#8, PKCS#1),
 * PEM with literal `\n` escapes, or the base64 body alone (no header/footer/line breaks).
 * Requires RSA of at least 2048 bits. Never echoes key material.
 */
export function loadPrivateKey(
  text: string,
  passphrase: string | undefined,
): { key: KeyObject } | KeyProblem {
  let pem = text.includes('\\n') && !text.includes('\n') ? text.replace(/\\n/g, '\n') : text;
  pem = pem.trim();
  const match = PEM.exec(pem);
  const encrypted = match?.[1] === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(pem);
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    return {
      field: 'private_key_passphrase',
      problem: 'is required: the private key is encrypted',
    };
  }
  let key: KeyObject;
  try {
    if (match) {
      key = createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    } else {
      const der = Buffer.from(pem.replace(/\s+/g, ''), 'base64');
      if (der.length < 64)
        return { field: 'private_key', problem: 'is not a PEM or base64 DER private key' };
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
  } catch {
    // OpenSSL's messages can quote the input, so neither they nor the error are passed on.
    return encrypted
      ? { field: 'private_key_passphrase', problem: 'does not decrypt the private key' }
      : { field: 'private_key', problem: 'cannot be parsed as a private key' };
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return {
      field: 'private_key',
      problem: `must be an RSA key (got ${String(key.asymmetricKeyType)})`,
    };
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) {
    return { field: 'private_key', problem: `must be at least 2048 bits (got ${bits})` };
  }
  return { key };
}
