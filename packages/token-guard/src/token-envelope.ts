import { defineRedaction, REDACTED } from './redact.js';
import { TokenGuardError } from './token-guard-error.js';

const ENVELOPES = new WeakSet<object>();

/** The shortest token lifetime an envelope accepts, in ms (60 s). */
export const MIN_TOKEN_LIFETIME_MS = 60_000;

/**
 * A token and its validity window. `value` is the secret itself; `util.inspect` and
 * `JSON.stringify` of an envelope show `[redacted]` instead. Times are epoch ms.
 */
export interface TokenEnvelope {
  /** The bearer token (secret). */
  readonly value: string;
  /** When the token was issued, epoch ms. */
  readonly issuedAtMs: number;
  /** When the token expires, epoch ms; after `issuedAtMs` by at least 60 s. */
  readonly expiresAtMs: number;
  /** What kind of token it is, e.g. `'keypair_jwt'`, `'scoped'`, `'pat'`, `'oauth'`. */
  readonly kind: string;
}

/** Fields of {@link createTokenEnvelope}. */
export interface TokenEnvelopeInit {
  /** The token (secret). */
  value: string;
  /** Issue time, epoch ms. */
  issuedAtMs: number;
  /** Expiry, epoch ms; at least 60 s after `issuedAtMs`. */
  expiresAtMs: number;
  /** Token kind, e.g. `'pat'`. */
  kind: string;
}

/**
 * Validates and freezes a token envelope: `value` and `kind` non-empty, finite times, expiry after
 * issue and a lifetime of at least 60 s. Throws a `TokenGuardError` (`INVALID_TOKEN`) whose
 * message names the field but never shows the token.
 * @example
 * const token = createTokenEnvelope({ value: jwt, issuedAtMs: iat, expiresAtMs: exp, kind: 'pat' });
 */
export function createTokenEnvelope(init: TokenEnvelopeInit): TokenEnvelope {
  const { value, issuedAtMs, expiresAtMs, kind } = init;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid('"value" must be a non-empty string');
  }
  if (typeof kind !== 'string' || kind.length === 0) {
    throw invalid('"kind" must be a non-empty string');
  }
  if (!Number.isFinite(issuedAtMs))
    throw invalid(`"issuedAtMs" must be finite, got ${String(issuedAtMs)}`);
  if (!Number.isFinite(expiresAtMs))
    throw invalid(`"expiresAtMs" must be finite, got ${String(expiresAtMs)}`);
  if (expiresAtMs <= issuedAtMs) {
    throw invalid(`"expiresAtMs" (${expiresAtMs}) must be after "issuedAtMs" (${issuedAtMs})`);
  }
  if (expiresAtMs - issuedAtMs < MIN_TOKEN_LIFETIME_MS) {
    throw invalid(
      `lifetime ${expiresAtMs - issuedAtMs} ms is below the minimum ${MIN_TOKEN_LIFETIME_MS} ms`,
    );
  }
  const envelope = { issuedAtMs, expiresAtMs, kind } as {
    -readonly [K in keyof TokenEnvelope]: TokenEnvelope[K];
  };
  // Non-enumerable so spreading or Object.keys-based loggers do not pick the secret up either.
  Object.defineProperty(envelope, 'value', { value, enumerable: false });
  defineRedaction(envelope, 'TokenEnvelope', () => ({
    kind,
    issuedAtMs,
    expiresAtMs,
    value: REDACTED,
  }));
  ENVELOPES.add(envelope);
  return Object.freeze(envelope);
}

/** True for envelopes made by {@link createTokenEnvelope} (validated, redacted). */
export function isTokenEnvelope(value: unknown): value is TokenEnvelope {
  return typeof value === 'object' && value !== null && ENVELOPES.has(value);
}

/** Milliseconds until `token` expires at `nowMs` (negative once expired). */
export function tokenRemainingMs(token: TokenEnvelope, nowMs: number): number {
  return token.expiresAtMs - nowMs;
}

/** The token's whole validity window in ms (`expiresAtMs - issuedAtMs`). */
export function tokenLifetimeMs(token: TokenEnvelope): number {
  return token.expiresAtMs - token.issuedAtMs;
}

/** True when `token` has expired at `nowMs`, counting it expired `skewMs` early. */
export function isTokenExpired(token: TokenEnvelope, nowMs: number, skewMs = 0): boolean {
  return token.expiresAtMs - skewMs <= nowMs;
}

function invalid(detail: string): TokenGuardError {
  return new TokenGuardError('INVALID_TOKEN', `invalid token envelope: ${detail}`);
}
