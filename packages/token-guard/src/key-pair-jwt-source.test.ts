import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { createFakeClock } from '@snowpipe/test-utils';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyError } from './key-error.js';
import { createKeyPairJwtSource } from './key-pair-jwt-source.js';
import { normalizeAccountForJwt } from './normalize-account.js';
import { publicKeyFingerprint } from './public-key-fingerprint.js';

const PASSPHRASE = 'correct horse battery staple';
let key: KeyObject;
let publicKey: KeyObject;
let pem: { pkcs8: string; encrypted: string; pkcs1: string; pkcs1Encrypted: string };
let derBase64: string;
let keyContentOnly: string;
let expectedFp: string;

/** What `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64` prints. */
function opensslFingerprint(input: string | Buffer, args: string[] = []): string {
  const der = execFileSync('openssl', ['pkey', ...args, '-pubout', '-outform', 'DER'], { input });
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
  return `SHA256:${execFileSync('base64', ['-w0'], { input: digest }).toString().trim()}`;
}

beforeAll(() => {
  // RSA key generation is slow: once per file.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  key = pair.privateKey;
  publicKey = pair.publicKey;
  pem = {
    pkcs8: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    encrypted: key
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString(),
    pkcs1: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    pkcs1Encrypted: key
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString(),
  };
  derBase64 = key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  keyContentOnly = pem.pkcs8.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  expectedFp = opensslFingerprint(pem.pkcs8);
});

describe('publicKeyFingerprint', () => {
  it('equals the openssl pipeline for every key encoding', () => {
    expect(expectedFp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
    expect(opensslFingerprint(pem.encrypted, ['-passin', `pass:${PASSPHRASE}`])).toBe(expectedFp);
    expect(opensslFingerprint(pem.pkcs1)).toBe(expectedFp);
    expect(opensslFingerprint(Buffer.from(derBase64, 'base64'), ['-inform', 'DER'])).toBe(
      expectedFp,
    );
    const inputs: Array<[string | Buffer | KeyObject, string?]> = [
      [pem.pkcs8],
      [pem.encrypted, PASSPHRASE],
      [pem.pkcs1],
      [pem.pkcs1Encrypted, PASSPHRASE],
      [derBase64],
      [keyContentOnly],
      [Buffer.from(derBase64, 'base64')],
      [Buffer.from(pem.pkcs8)],
      [pem.pkcs8.replace(/\n/g, '\\n')], // PEM from an env var with literal \n
      [key],
      [publicKey],
      [publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ];
    for (const [input, pass] of inputs) expect(publicKeyFingerprint(input, pass)).toBe(expectedFp);
  });
});

describe('normalizeAccountForJwt', () => {
  it.each([
    ['xy12345.us-east-1', 'XY12345'],
    ['xy12345.us-east-1.aws', 'XY12345'],
    ['myorg-myacct', 'MYORG-MYACCT'],
    ['MyOrg-MyAcct', 'MYORG-MYACCT'],
    ['xy12345', 'XY12345'],
    ['my_org-my_acct', 'MY_ORG-MY_ACCT'],
    ['myacct-abc123.global', 'MYACCT'],
    ['myorg-myacct.global', 'MYORG'],
    ['myacct.privatelink', 'MYACCT'],
    ['xy12345.us-east-1.privatelink', 'XY12345'],
    ['xy12345.us-east-1.snowflakecomputing.com', 'XY12345'],
    ['  xy12345  ', 'XY12345'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeAccountForJwt(input)).toBe(expected);
  });
  it('rejects empty input', () => {
    expect(() => normalizeAccountForJwt(' ')).toThrow(/"account"/);
    expect(() => normalizeAccountForJwt('.us-east-1')).toThrow(/"account"/);
  });
});

describe('createKeyPairJwtSource', () => {
  it('signs RS256 JWTs that verify against the public key, with the documented claims', async () => {
    const clock = createFakeClock({ startMs: 1_700_000_000_500 });
    const source = createKeyPairJwtSource({
      account: 'xy12345.us-east-1',
      user: 'ingest_user',
      privateKey: pem.encrypted,
      passphrase: PASSPHRASE,
      role: 'INGEST_ROLE',
      clock,
    });
    expect(source.fingerprint).toBe(expectedFp);
    expect(source.subject).toBe('XY12345.INGEST_USER');
    expect(source.issuer).toBe(`XY12345.INGEST_USER.${expectedFp}`);
    const token = await source.fetchToken();
    expect(decodeProtectedHeader(token.value)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token.value, publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(clock.now()),
    });
    expect(payload).toEqual({
      iss: `XY12345.INGEST_USER.${expectedFp}`,
      sub: 'XY12345.INGEST_USER',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      scp: 'session:role:INGEST_ROLE',
    });
    expect(token).toMatchObject({
      kind: 'keypair_jwt',
      issuedAtMs: 1_700_000_000_000,
      expiresAtMs: 1_700_003_600_000,
    });
  });

  it('accepts every key encoding and a custom lifetime; no scp claim without a role', async () => {
    const clock = createFakeClock({ startMs: 1_700_000_000_000 });
    for (const [privateKey, passphrase] of [
      [pem.pkcs8],
      [pem.pkcs1],
      [pem.pkcs1Encrypted, PASSPHRASE],
      [derBase64],
      [keyContentOnly],
      [key],
    ] as Array<[string | KeyObject, string?]>) {
      const source = createKeyPairJwtSource({
        account: 'myorg-myacct',
        user: 'u',
        privateKey,
        passphrase,
        lifetimeMs: 60_000,
        clock,
      });
      const { payload } = await jwtVerify((await source.fetchToken()).value, publicKey, {
        currentDate: new Date(clock.now()),
      });
      expect(payload.exp! - payload.iat!).toBe(60);
      expect(payload.sub).toBe('MYORG-MYACCT.U');
      expect(payload).not.toHaveProperty('scp');
    }
  });

  it('checks the lifetime range and a given fingerprint', () => {
    const base = { account: 'a', user: 'u', privateKey: key };
    expect(() => createKeyPairJwtSource({ ...base, lifetimeMs: 59_999 })).toThrow(
      /"lifetimeMs" must be between 60000 and 3600000/,
    );
    expect(() => createKeyPairJwtSource({ ...base, lifetimeMs: 3_600_001 })).toThrow(RangeError);
    expect(createKeyPairJwtSource({ ...base, publicKeyFingerprint: expectedFp }).fingerprint).toBe(
      expectedFp,
    );
    expect(
      createKeyPairJwtSource({ ...base, publicKeyFingerprint: expectedFp.slice(7) }).fingerprint,
    ).toBe(expectedFp);
    expect(() => createKeyPairJwtSource({ ...base, publicKeyFingerprint: 'SHA256:AAAA' })).toThrow(
      expect.objectContaining({ code: 'KEY_FINGERPRINT_MISMATCH' }),
    );
  });

  it('rejects a fetch whose signal has already aborted', async () => {
    const source = createKeyPairJwtSource({ account: 'a', user: 'u', privateKey: key });
    await expect(source.fetchToken(AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
  });
});

const attempt = (privateKey: unknown, passphrase?: string): KeyError => {
  try {
    createKeyPairJwtSource({
      account: 'a',
      user: 'u',
      privateKey: privateKey as string,
      passphrase,
    });
  } catch (error) {
    return error as KeyError;
  }
  throw new Error('expected a KeyError');
};

describe('key errors', () => {
  it.each([
    [
      'garbage PEM',
      'KEY_INVALID',
      () => ['-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----'],
      /could not be read/,
    ],
    ['not a key at all', 'KEY_INVALID', () => ['hello, world!'], /neither PEM nor base64/],
    [
      'a public key',
      'KEY_INVALID',
      () => [publicKey.export({ type: 'spki', format: 'pem' }).toString()],
      /PUBLIC KEY/,
    ],
    [
      'encrypted PKCS#8 without passphrase',
      'KEY_PASSPHRASE_REQUIRED',
      () => [pem.encrypted],
      /encrypted: pass its passphrase/,
    ],
    [
      'encrypted PKCS#1 without passphrase',
      'KEY_PASSPHRASE_REQUIRED',
      () => [pem.pkcs1Encrypted],
      /passphrase/,
    ],
    [
      'wrong passphrase',
      'KEY_PASSPHRASE_WRONG',
      () => [pem.encrypted, 'wrong-pass-phrase'],
      /passphrase is wrong/,
    ],
    [
      'wrong passphrase, encrypted DER',
      'KEY_PASSPHRASE_WRONG',
      () => [
        key
          .export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
          .toString('base64'),
        'wrong-pass-phrase',
      ],
      /wrong/,
    ],
  ])('%s → %s', (_label, code, args, message) => {
    const [privateKey, passphrase] = args() as [unknown, string?];
    const error = attempt(privateKey, passphrase);
    expect(error).toBeInstanceOf(KeyError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(PASSPHRASE);
    expect(error.message).not.toContain('wrong-pass-phrase');
    expect(error.message).not.toContain(keyContentOnly.slice(40, 80));
  });

  it('EC and ed25519 keys → KEY_NOT_RSA; 1024-bit RSA → KEY_TOO_SMALL', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(attempt(ec.export({ type: 'pkcs8', format: 'pem' }))).toMatchObject({
      code: 'KEY_NOT_RSA',
      message: expect.stringMatching(/must be RSA.*ec/),
    });
    expect(attempt(ed)).toMatchObject({ code: 'KEY_NOT_RSA' });
    expect(attempt(small.export({ type: 'pkcs1', format: 'pem' }))).toMatchObject({
      code: 'KEY_TOO_SMALL',
      message: 'RSA key has 1024 bits; at least 2048 are required',
    });
    expect(attempt(createPublicKey(key))).toMatchObject({ code: 'KEY_INVALID' });
  });
});

describe('secrets stay out of inspect and JSON output', () => {
  it('source, envelope and errors never show the key, passphrase or token', async () => {
    const source = createKeyPairJwtSource({
      account: 'a',
      user: 'u',
      privateKey: pem.encrypted,
      passphrase: PASSPHRASE,
    });
    const token = await source.fetchToken();
    const body = pem.encrypted.split('\n')[3]!;
    for (const text of [
      inspect(source, { depth: 10, showHidden: false }),
      JSON.stringify(source),
      inspect(token, { depth: 10 }),
      JSON.stringify(token),
      inspect({ ...token }),
      inspect(attempt(pem.encrypted, 'wrong-pass-phrase'), { depth: 10 }),
    ]) {
      expect(text).not.toContain(PASSPHRASE);
      expect(text).not.toContain('wrong-pass-phrase');
      expect(text).not.toContain(body);
      expect(text).not.toContain(token.value);
      expect(text).not.toContain(token.value.split('.')[2]!);
    }
    expect(inspect(source)).toContain('KeyPairJwtSource');
    expect(inspect(token)).toContain('[redacted]');
  });
});
