import { generateKeyPairSync } from 'node:crypto';
import { ConfigurationError, createClient } from '@snowpipe/streaming-client';
import { createKeyPairJwtSource, KeyError, publicKeyFingerprint } from '@snowpipe/token-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leakedSecrets, pemSlices, SECRETS } from './secrets.js';
import { fuzzRuns } from './fuzz-runs.js';

const KEY_CODES = [
  'KEY_INVALID',
  'KEY_PASSPHRASE_REQUIRED',
  'KEY_PASSPHRASE_WRONG',
  'KEY_NOT_RSA',
  'KEY_TOO_SMALL',
  'KEY_FINGERPRINT_MISMATCH',
];

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const encrypted = rsa.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: SECRETS.passphrase })
  .toString();
const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const ed = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const der = rsa.privateKey.export({ type: 'pkcs8', format: 'der' });
const VALID = new Set([pkcs8, pkcs1]);
const secretList = [
  SECRETS.passphrase,
  ...pemSlices(pkcs8),
  ...pemSlices(pkcs1),
  ...pemSlices(encrypted),
];

function flipChar(text: string, at: number, to: string): string {
  const i = at % text.length;
  return text.slice(0, i) + to + text.slice(i + 1);
}

/** A key input and the passphrase to go with it. */
const keyCase = fc.oneof(
  fc.record({
    key: fc.string({ maxLength: 200 }),
    passphrase: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  }),
  fc.record({
    key: fc
      .constantFrom(pkcs8, pkcs1, encrypted, spki, small, ec, ed)
      .chain((k) => fc.integer({ min: 0, max: k.length - 40 }).map((n) => k.slice(0, n))),
    passphrase: fc.constant(undefined),
  }),
  // A corrupted character may still leave a parseable RSA key (e.g. inside a CRT parameter), so
  // either outcome is fine here; the point is the error type when it fails.
  fc.record({
    key: fc
      .tuple(
        fc.constantFrom(pkcs8, pkcs1),
        fc.nat(),
        fc.constantFrom('A', '!', '\n', '=', 'é', '-'),
      )
      .map(([k, at, c]) => flipChar(k, 40 + at, c)),
    passphrase: fc.constant(undefined),
    mayPass: fc.constant(true),
  }),
  fc.record({
    key: fc.constant(encrypted),
    passphrase: fc.option(
      fc.string({ maxLength: 12 }).filter((p) => p !== SECRETS.passphrase),
      { nil: undefined },
    ),
  }),
  fc.record({
    key: fc.constantFrom(spki, small, ec, ed),
    passphrase: fc.option(fc.constant(SECRETS.passphrase), { nil: undefined }),
  }),
  fc.record({
    key: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
    passphrase: fc.constant(undefined),
  }),
  fc.record({
    key: fc
      .integer({ min: 1, max: der.length - 1 })
      .map((n) => der.subarray(0, n).toString('base64')),
    passphrase: fc.constant(undefined),
  }),
  fc.record({
    key: fc.constantFrom(
      '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----',
    ),
    passphrase: fc.constant(undefined),
  }),
);

function expectKeyError(error: unknown, context: string): void {
  expect(error, `${context}: ${String(error)}`).toBeInstanceOf(KeyError);
  expect(KEY_CODES, context).toContain((error as KeyError).code);
  expect(leakedSecrets(error, secretList), context).toEqual([]);
}

describe('fuzz: private keys (token-guard and client config)', () => {
  it('createKeyPairJwtSource and publicKeyFingerprint accept a valid RSA key or throw a KeyError with a code, never leaking it', () => {
    fc.assert(
      fc.property(keyCase, (input) => {
        const { key, passphrase } = input;
        const valid = (VALID.has(key) && passphrase === undefined) || 'mayPass' in input;
        for (const [label, run] of [
          [
            'createKeyPairJwtSource',
            () =>
              createKeyPairJwtSource({
                account: 'acct',
                user: 'u',
                privateKey: key,
                ...(passphrase !== undefined ? { passphrase } : {}),
              }),
          ],
          ['publicKeyFingerprint', () => publicKeyFingerprint(key, passphrase)],
        ] as const) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          const acceptable =
            valid || (label === 'publicKeyFingerprint' && (key === spki || VALID.has(key)));
          if (thrown === undefined)
            expect(acceptable, `${label} accepted ${JSON.stringify(key.slice(0, 60))}`).toBe(true);
          else
            expectKeyError(
              thrown,
              `${label}(${JSON.stringify(key.slice(0, 60))}, passphrase ${passphrase === undefined ? 'none' : 'given'})`,
            );
        }
      }),
      fuzzRuns(300),
    );
  });

  it('the fixed cases carry the right codes', () => {
    const code = (key: string, passphrase?: string): string | undefined => {
      try {
        createKeyPairJwtSource({
          account: 'a',
          user: 'u',
          privateKey: key,
          ...(passphrase !== undefined ? { passphrase } : {}),
        });
        return undefined;
      } catch (error) {
        return (error as KeyError).code;
      }
    };
    expect(code(pkcs8)).toBeUndefined();
    expect(code(pkcs1)).toBeUndefined();
    expect(code(encrypted, SECRETS.passphrase)).toBeUndefined();
    expect(code(encrypted)).toBe('KEY_PASSPHRASE_REQUIRED');
    expect(code(encrypted, 'wrong')).toBe('KEY_PASSPHRASE_WRONG');
    expect(code(small)).toBe('KEY_TOO_SMALL');
    expect(code(ec)).toBe('KEY_NOT_RSA');
    expect(code(ed)).toBe('KEY_NOT_RSA');
    expect(code('garbage')).toBe('KEY_INVALID');
  });

  it('through the client, a bad private_key / passphrase is a ConfigurationError on that field, never leaking it', async () => {
    await fc.assert(
      fc.asyncProperty(keyCase, async ({ key, passphrase }) => {
        let thrown: unknown;
        try {
          const client = await createClient({
            clientName: 'k',
            dbName: 'DB',
            schemaName: 'PUBLIC',
            pipeName: 'P',
            connect: 'lazy',
            properties: {
              url: 'http://127.0.0.1:9',
              account: 'a',
              user: 'u',
              private_key: key,
              ...(passphrase !== undefined ? { private_key_passphrase: passphrase } : {}),
            },
          });
          await client.close();
        } catch (error) {
          thrown = error;
        }
        if (thrown === undefined) return;
        expect(thrown, String(thrown as Error)).toBeInstanceOf(ConfigurationError);
        expect(['private_key', 'private_key_passphrase']).toContain(
          (thrown as ConfigurationError).field,
        );
        expect(leakedSecrets(thrown, secretList)).toEqual([]);
      }),
      fuzzRuns(150),
    );
  });
});
