import type { KeyObject } from 'node:crypto';
import { isTokenGuardError, loadPrivateKey } from '@snowpipe/token-guard';
import type { TokenGuardErrorCode } from '@snowpipe/token-guard';

/** What went wrong loading a private key, as a configuration field (no key material in it). */
export interface KeyProblem {
  /** The property the problem belongs to. */
  field: 'private_key' | 'private_key_passphrase';
  /** What is wrong, phrased to follow the field name. */
  problem: string;
}

const PASSPHRASE_PROBLEMS: Partial<Record<TokenGuardErrorCode, string>> = {
  KEY_PASSPHRASE_REQUIRED: 'is required: the private key is encrypted',
  KEY_PASSPHRASE_WRONG: 'does not decrypt the private key',
};

/**
 * Parses a private key with token-guard's loader (the one loader of the project) and maps its
 * `KeyError` to the configuration field it concerns. Key errors never quote key material.
 */
export function keyProblem(
  text: string,
  passphrase: string | undefined,
): { key: KeyObject } | KeyProblem {
  try {
    return { key: loadPrivateKey(text, passphrase === '' ? undefined : passphrase) };
  } catch (error) {
    if (!isTokenGuardError(error)) throw error;
    const passphraseProblem = PASSPHRASE_PROBLEMS[error.code];
    return passphraseProblem !== undefined
      ? { field: 'private_key_passphrase', problem: passphraseProblem }
      : { field: 'private_key', problem: error.message };
  }
}
