import { systemClock } from '@snowpipe/retry';
import { defineRedaction } from './redact.js';
import { createTokenEnvelope } from './token-envelope.js';
import type { TokenEnvelope } from './token-envelope.js';
import { TokenGuardError } from './token-guard-error.js';
import type { TokenSource, WallClock } from './token-source.js';

/** What a refresh callback may return: the new token, with its expiry when known. */
export type StaticTokenRefreshResult =
  | string
  | {
      /** The new token. Secret: never printed. */
      token: string;
      /** When it expires, epoch ms; without it the source's `lifetimeMs` applies. */
      expiresAtMs?: number;
    };

/** Options of {@link createStaticTokenSource}. */
export interface StaticTokenSourceOptions {
  /** The token (PAT, OAuth access token, …). Secret: never printed. */
  token: string;
  /** Its kind, e.g. `'pat'` or `'oauth'`. */
  kind: 'pat' | 'oauth' | (string & {});
  /**
   * Lifetime assumed for a token without `expiresAtMs`, in ms (≥ 60 000): the guard re-fetches
   * after about this long (returning the same token when there is no `refresh`).
   * @default 3600000
   */
  lifetimeMs?: number;
  /** When the initial token expires, epoch ms (at least 60 s after creation). @default now + lifetimeMs */
  expiresAtMs?: number;
  /** Called for every fetch after the first, e.g. to run an OAuth refresh-token grant. @default undefined */
  refresh?: (signal?: AbortSignal) => Promise<StaticTokenRefreshResult>;
  /** Wall clock for envelope times. @default systemClock */
  clock?: WallClock;
}

/** Defaults of {@link createStaticTokenSource}. */
export const DEFAULT_STATIC_TOKEN_SOURCE = Object.freeze({
  /** Lifetime assumed for a token whose expiry is unknown, in ms (one hour). */
  lifetimeMs: 3_600_000,
});

/**
 * A source for a token you already hold (a PAT or an OAuth access token). The first fetch returns
 * it; later fetches call `refresh` when given, or else hand the same token out again until its
 * `expiresAtMs` (then fail with `TOKEN_EXPIRED`, which the guard does not retry).
 * @example
 * const source = createStaticTokenSource({ token: process.env.SNOWFLAKE_PAT!, kind: 'pat' });
 */
export function createStaticTokenSource(options: StaticTokenSourceOptions): TokenSource {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('static token source options must be an object');
  }
  const { kind, refresh } = options;
  const clock = options.clock ?? systemClock;
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_STATIC_TOKEN_SOURCE.lifetimeMs;
  if (!(Number.isFinite(lifetimeMs) && lifetimeMs >= 60_000)) {
    throw new RangeError(`"lifetimeMs" must be a number >= 60000, got ${String(lifetimeMs)}`);
  }
  if (refresh !== undefined && typeof refresh !== 'function') {
    throw new TypeError('"refresh" must be a function');
  }
  const make = (value: unknown, expiresAtMs: number | undefined): TokenEnvelope => {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TokenGuardError(
        'INVALID_TOKEN',
        `${String(kind)} token must be a non-empty string`,
      );
    }
    const issuedAtMs = clock.now();
    return createTokenEnvelope({
      value,
      issuedAtMs,
      expiresAtMs: expiresAtMs ?? issuedAtMs + lifetimeMs,
      kind,
    });
  };
  // Validates the token, kind and expiry eagerly.
  const initial = make(options.token, options.expiresAtMs);
  const fixedExpiry = options.expiresAtMs !== undefined;
  let fetched = 0;

  const source: TokenSource = {
    async fetchToken(signal?: AbortSignal) {
      signal?.throwIfAborted();
      fetched++;
      if (fetched === 1) return initial;
      if (refresh !== undefined) {
        const result = await refresh(signal);
        return typeof result === 'string'
          ? make(result, undefined)
          : make(result?.token, result?.expiresAtMs);
      }
      if (!fixedExpiry) return make(initial.value, undefined);
      if (clock.now() >= initial.expiresAtMs) {
        throw new TokenGuardError(
          'TOKEN_EXPIRED',
          `${kind} token expired and no "refresh" callback was given`,
        );
      }
      return initial;
    },
  };
  defineRedaction(source, 'StaticTokenSource', () => ({
    kind,
    refreshable: refresh !== undefined,
    token: '[redacted]',
  }));
  return Object.freeze(source);
}
