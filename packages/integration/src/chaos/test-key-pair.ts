import { generateKeyPairSync } from 'node:crypto';

/** An RSA key pair as PEM text, for the emulator (public) and the client (private). */
export interface TestKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** Generates a fresh 2048-bit RSA key pair (PKCS#8 private key, SPKI public key). */
export function createTestKeyPair(): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
