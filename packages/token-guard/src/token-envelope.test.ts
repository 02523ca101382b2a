import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeFromJwt } from './envelope-from-jwt.js';
import {
  createTokenEnvelope,
  isTokenEnvelope,
  isTokenExpired,
  tokenLifetimeMs,
  tokenRemainingMs,
} from './token-envelope.js';

const T0 = 1_700_000_000_000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${b64({ alg: 'none' })}.${b64(claims)}.c2lnbmF0dXJlLXNlY3JldA`;

describe('createTokenEnvelope', () => {
  it('accepts a valid token and offers remaining-time helpers', () => {
    const t = createTokenEnvelope({
      value: 'secret-value',
      issuedAtMs: T0,
      expiresAtMs: T0 + 60_000,
      kind: 'pat',
    });
    expect(isTokenEnvelope(t)).toBe(true);
    expect(isTokenEnvelope({ ...t })).toBe(false);
    expect(Object.isFrozen(t)).toBe(true);
    expect(t.value).toBe('secret-value');
    expect(tokenLifetimeMs(t)).toBe(60_000);
    expect(tokenRemainingMs(t, T0 + 15_000)).toBe(45_000);
    expect(tokenRemainingMs(t, T0 + 70_000)).toBe(-10_000);
    expect(isTokenExpired(t, T0 + 59_999)).toBe(false);
    expect(isTokenExpired(t, T0 + 60_000)).toBe(true);
    expect(isTokenExpired(t, T0 + 30_000, 30_000)).toBe(true);
    expect(isTokenExpired(t, T0 + 29_999, 30_000)).toBe(false);
  });

  it.each([
    [{ value: '' }, /"value" must be a non-empty string/],
    [{ kind: '' }, /"kind"/],
    [{ issuedAtMs: Number.NaN }, /"issuedAtMs" must be finite/],
    [{ expiresAtMs: Infinity }, /"expiresAtMs" must be finite/],
    [{ expiresAtMs: T0 }, /must be after "issuedAtMs"/],
    [{ expiresAtMs: T0 - 1 }, /must be after/],
    [{ expiresAtMs: T0 + 59_999 }, /lifetime 59999 ms is below the minimum 60000 ms/],
  ])('rejects %j', (patch, message) => {
    const init = {
      value: 'secret-value',
      issuedAtMs: T0,
      expiresAtMs: T0 + 3_600_000,
      kind: 'pat',
      ...patch,
    };
    expect(() => createTokenEnvelope(init)).toThrow(message);
    try {
      createTokenEnvelope(init);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-value');
      expect(error).toMatchObject({ name: 'TokenGuardError', code: 'INVALID_TOKEN' });
    }
  });

  it('property: any valid window is accepted and any invalid one rejected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 42 }),
        fc.integer({ min: -10_000, max: 10_000_000 }),
        (iat, life) => {
          const make = () =>
            createTokenEnvelope({
              value: 'v',
              issuedAtMs: iat,
              expiresAtMs: iat + life,
              kind: 'k',
            });
          if (life >= 60_000) expect(tokenLifetimeMs(make())).toBe(life);
          else expect(make).toThrow();
        },
      ),
    );
  });

  it('never shows its value in inspect, JSON, spread or keys', () => {
    const t = createTokenEnvelope({
      value: 'secret-value',
      issuedAtMs: T0,
      expiresAtMs: T0 + 60_000,
      kind: 'pat',
    });
    for (const text of [
      inspect(t),
      inspect(t, { showHidden: true, depth: 9 }),
      JSON.stringify(t),
      JSON.stringify({ t }),
      inspect({ ...t }),
      Object.keys(t).join(),
    ]) {
      expect(text).not.toContain('secret-value');
    }
    expect(inspect(t)).toContain("value: '[redacted]'");
    expect(JSON.parse(JSON.stringify(t))).toEqual({
      kind: 'pat',
      issuedAtMs: T0,
      expiresAtMs: T0 + 60_000,
      value: '[redacted]',
    });
  });
});

describe('envelopeFromJwt', () => {
  it('reads iat/exp in seconds', () => {
    const t = envelopeFromJwt(jwt({ iat: 1_700_000_000, exp: 1_700_003_600 }), 'scoped');
    expect(t).toMatchObject({ kind: 'scoped', issuedAtMs: T0, expiresAtMs: T0 + 3_600_000 });
  });

  it('reads iat/exp in milliseconds when they are huge', () => {
    const t = envelopeFromJwt(jwt({ iat: T0, exp: T0 + 600_000 }), 'scoped');
    expect(t).toMatchObject({ issuedAtMs: T0, expiresAtMs: T0 + 600_000 });
  });

  it('uses nowMs without iat and fallbackLifetimeMs without exp or for opaque tokens', () => {
    expect(envelopeFromJwt(jwt({ exp: 1_700_003_600 }), 's', { nowMs: T0 })).toMatchObject({
      issuedAtMs: T0,
    });
    expect(
      envelopeFromJwt(jwt({ iat: 1_700_000_000 }), 's', { fallbackLifetimeMs: 120_000 }),
    ).toMatchObject({
      expiresAtMs: T0 + 120_000,
    });
    const opaque = envelopeFromJwt('opaque-secret-token', 'scoped', {
      nowMs: T0,
      fallbackLifetimeMs: 3_600_000,
    });
    expect(opaque).toMatchObject({
      value: 'opaque-secret-token',
      issuedAtMs: T0,
      expiresAtMs: T0 + 3_600_000,
    });
  });

  it.each([
    ['opaque-secret-token', {}, /not a decodable JWT/],
    [jwt({ iat: 1_700_000_000 }), {}, /no "exp" claim/],
    [jwt({ iat: 'soon', exp: 1_700_003_600 }), {}, /non-numeric "iat"/],
    [jwt({ iat: 1_700_000_000, exp: 1_700_000_030 }), {}, /below the minimum/],
    [
      jwt({ iat: 1_700_000_000, exp: 1_700_003_600 }),
      { fallbackLifetimeMs: -1 },
      /"fallbackLifetimeMs"/,
    ],
  ] as const)('rejects %s %j without echoing the token', (token, opts, message) => {
    let error: unknown;
    try {
      envelopeFromJwt(token, 'scoped', opts);
    } catch (e) {
      error = e;
    }
    expect(String((error as Error | undefined)?.message)).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
    expect((error as Error).message).not.toContain(token.slice(-20));
  });
});
