import { decodeJwt } from 'jose';
import { systemClock } from '@snowpipe/retry';
import { createTokenEnvelope } from './token-envelope.js';
import type { TokenEnvelope } from './token-envelope.js';
import { TokenGuardError } from './token-guard-error.js';

/** Options of {@link envelopeFromJwt}. */
export interface EnvelopeFromJwtOptions {
  /** "Now" in epoch ms, used when the token has no `iat` (or is not a JWT). @default systemClock.now() */
  nowMs?: number;
  /**
   * Lifetime to assume when the token has no `exp` or is not a JWT at all (an opaque token).
   * @default undefined (such a token is rejected)
   */
  fallbackLifetimeMs?: number;
}

// 1e11 seconds is the year 5138, 1e11 milliseconds is 1973: a cheap, safe unit test.
const MS_THRESHOLD = 1e11;

/**
 * Wraps a JWT (or, with `fallbackLifetimeMs`, an opaque token) in a {@link TokenEnvelope} by
 * reading `iat`/`exp` without verifying the signature. Claims may be seconds (standard) or
 * milliseconds (some issuers); values above 1e11 are read as milliseconds.
 * @example
 * const scoped = envelopeFromJwt(await exchange(), 'scoped', { fallbackLifetimeMs: 3_600_000 });
 */
export function envelopeFromJwt(
  jwt: string,
  kind: string,
  options: EnvelopeFromJwtOptions = {},
): TokenEnvelope {
  if (typeof jwt !== 'string' || jwt.length === 0) {
    throw new TokenGuardError('INVALID_TOKEN', 'token must be a non-empty string');
  }
  const fallback = options.fallbackLifetimeMs;
  if (fallback !== undefined && !(Number.isFinite(fallback) && fallback > 0)) {
    throw new RangeError(`"fallbackLifetimeMs" must be a positive number, got ${String(fallback)}`);
  }
  let claims: { iat?: unknown; exp?: unknown } | undefined;
  try {
    claims = decodeJwt(jwt);
  } catch (error) {
    if (fallback === undefined) {
      throw new TokenGuardError('INVALID_TOKEN', `${kind} token is not a decodable JWT`, {
        cause: error,
      });
    }
  }
  const nowMs = options.nowMs ?? systemClock.now();
  const iat = toMs(claims?.iat, 'iat', kind);
  const exp = toMs(claims?.exp, 'exp', kind);
  const issuedAtMs = iat ?? nowMs;
  let expiresAtMs = exp;
  if (expiresAtMs === undefined) {
    if (fallback === undefined) {
      throw new TokenGuardError('INVALID_TOKEN', `${kind} token has no "exp" claim`);
    }
    expiresAtMs = issuedAtMs + fallback;
  }
  return createTokenEnvelope({ value: jwt, issuedAtMs, expiresAtMs, kind });
}

function toMs(value: unknown, claim: string, kind: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TokenGuardError('INVALID_TOKEN', `${kind} token has a non-numeric "${claim}" claim`);
  }
  return value > MS_THRESHOLD ? value : value * 1000;
}
