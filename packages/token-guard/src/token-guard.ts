import { raceAbort } from '@snowpipe/retry/internal';
import { decideRefresh } from './decide-refresh.js';
import { DEFAULT_TOKEN_GUARD, resolveGuardOptions } from './guard-options.js';
import type { TokenGuardOptions } from './guard-options.js';
import type { RefreshReason } from './guard-observer.js';
import { defineRedaction } from './redact.js';
import { createRefresher } from './refresher.js';
import type { RefreshSuccess } from './refresher.js';
import type { ResolvedRefreshPolicy } from './resolved-refresh-policy.js';
import type { TokenEnvelope } from './token-envelope.js';
import { TokenGuardError } from './token-guard-error.js';

/** What `ensureFresh` and `forceRefresh` resolve to. Frozen and shared between callers. */
export interface EnsureFreshResult {
  /** The token to use now. */
  readonly token: TokenEnvelope;
  /** True when this call waited for a refresh that produced `token`. */
  readonly refreshApplied: boolean;
  /** Source attempts the refresh took (0 when none was applied). */
  readonly attempts: number;
}

/** Keeps one token fresh; see {@link createTokenGuard}. */
export interface TokenGuard {
  /** The token to use now: at once when fresh, else after the one shared refresh. */
  ensureFresh(signal?: AbortSignal): Promise<EnsureFreshResult>;
  /**
   * Refreshes after the server rejected a token (401). Coalesced: joins a refresh in flight; and
   * when `staleToken` (the rejected token or its value) is no longer current, returns the current
   * token without refreshing, so concurrent 401s for one token cause one refresh.
   */
  forceRefresh(
    reason?: string,
    signal?: AbortSignal,
    staleToken?: TokenEnvelope | string,
  ): Promise<EnsureFreshResult>;
  /** The token in hand, without refreshing. */
  current(): TokenEnvelope | undefined;
  /**
   * The token, synchronously, when {@link TokenGuard.ensureFresh} would hand it over at once (it
   * is fresh and the clock has not jumped); otherwise `undefined`, and the caller awaits
   * `ensureFresh`. Lets a hot request path skip a promise per request.
   */
  freshToken(): TokenEnvelope | undefined;
  /** Aborts a refresh in flight and makes later calls reject with `DISPOSED`. */
  dispose(): void;
}

interface Flight {
  promise: Promise<EnsureFreshResult>;
  background: boolean;
}

const noop = (): void => {};

/**
 * Creates a guard that keeps a token from `source` fresh: no I/O when fresh, one coalesced
 * refresh inside the threshold, optional background refresh ahead of it, forced refresh on 401,
 * retries through `@snowpipe/retry`, escalation after `escalateAfter` failures in a row.
 * @example
 * const guard = createTokenGuard({ source: createKeyPairJwtSource({ account, user, privateKey }) });
 * const { token } = await guard.ensureFresh(signal);
 * headers.authorization = `Bearer ${token.value}`;
 */
export function createTokenGuard(options: TokenGuardOptions): TokenGuard {
  const settings = resolveGuardOptions(options);
  const { clock, refreshAheadMs, name } = settings;
  const lifecycle = new AbortController();
  const refresher = createRefresher(settings, lifecycle.signal);
  const mono =
    typeof clock.monotonicNow === 'function' ? () => clock.monotonicNow!() : () => clock.now();

  let token: TokenEnvelope | undefined;
  let resolved: ResolvedRefreshPolicy | undefined;
  let deadline = 0; // expiry on the monotonic timeline
  let receivedAt = 0; // monotonic time the token arrived (cooldown start)
  let jumpToleranceMs = Infinity;
  let freshUntil = -Infinity; // the fast path serves `freshPromise` while mono() < freshUntil
  let freshPromise: Promise<EnsureFreshResult> | undefined;
  let lastWall = 0;
  let lastMono = 0;
  let flight: Flight | undefined;
  let aheadFailedFor: TokenEnvelope | undefined;
  let disposed = false;

  function install(success: RefreshSuccess): EnsureFreshResult {
    const wall = clock.now();
    const now = mono();
    token = success.token;
    resolved = success.resolved;
    receivedAt = now;
    // Expiry as a monotonic deadline: later wall-clock jumps cannot stretch or shrink it.
    deadline = now + (token.expiresAtMs - wall);
    jumpToleranceMs = Math.max(resolved.skewMs, DEFAULT_TOKEN_GUARD.minClockJumpMs);
    lastWall = wall;
    lastMono = now;
    aheadFailedFor = undefined;
    freshPromise = Promise.resolve(Object.freeze({ token, refreshApplied: false, attempts: 0 }));
    freshUntil = -Infinity; // the next call decides (and caches) how long this token is fresh
    return Object.freeze({ token, refreshApplied: true, attempts: success.attempts });
  }

  function start(reason: RefreshReason, background: boolean, detail?: string): Flight {
    const used = token;
    const promise = refresher.run(reason, detail, used?.kind).then(
      (success) => {
        flight = undefined;
        return install(success);
      },
      (error: unknown) => {
        flight = undefined;
        if (background && token === used) aheadFailedFor = used;
        throw error;
      },
    );
    // Background flights may have no waiter: never leave a rejection unhandled.
    promise.catch(noop);
    const started: Flight = { promise, background };
    flight = started;
    if (!background) freshUntil = -Infinity;
    return started;
  }

  function join(f: Flight, signal: AbortSignal | undefined): Promise<EnsureFreshResult> {
    if (f.background) {
      // A caller now needs the result: later callers wait for it too.
      f.background = false;
      freshUntil = -Infinity;
    }
    return signal === undefined ? f.promise : raceAbort(f.promise, signal);
  }

  function slowPath(
    signal: AbortSignal | undefined,
    wall: number,
    now: number,
  ): Promise<EnsureFreshResult> {
    if (disposed) return Promise.reject(disposedError(name));
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const jumped =
      token !== undefined && Math.abs(wall - lastWall - (now - lastMono)) > jumpToleranceMs;
    lastWall = wall;
    lastMono = now;
    if (flight !== undefined && !flight.background) return join(flight, signal);
    if (token === undefined || resolved === undefined) {
      return join(flight ?? start('initial', false), signal);
    }
    if (jumped) return join(flight ?? start('clock_jump', false), signal);
    const decision = decideRefresh(resolved, {
      nowMs: now,
      expiresAtMs: deadline,
      lastRefreshAtMs: receivedAt,
      refreshAheadMs: aheadFailedFor === token || disposed ? 0 : refreshAheadMs,
    });
    if (decision.action === 'foreground') return join(flight ?? start('proactive', false), signal);
    if (decision.action === 'background' && flight === undefined) start('proactive', true);
    freshUntil = decision.recheckAtMs;
    return freshPromise!;
  }

  /** The fast-path test: fresh until the next recheck, and no clock jump (then noted). */
  function isFresh(wall: number, now: number): boolean {
    if (now >= freshUntil || Math.abs(wall - lastWall - (now - lastMono)) > jumpToleranceMs) {
      return false;
    }
    lastWall = wall;
    lastMono = now;
    return true;
  }

  const guard: TokenGuard = {
    ensureFresh(signal?: AbortSignal): Promise<EnsureFreshResult> {
      const now = mono();
      const wall = clock.now();
      // Fast path: no I/O, no timers, no allocation; the same resolved promise for every caller.
      if (isFresh(wall, now)) {
        if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason as Error);
        return freshPromise!;
      }
      return slowPath(signal, wall, now);
    },
    freshToken(): TokenEnvelope | undefined {
      return isFresh(clock.now(), mono()) ? token : undefined;
    },
    forceRefresh(reason?: string, signal?: AbortSignal, staleToken?: TokenEnvelope | string) {
      if (disposed) return Promise.reject(disposedError(name));
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      if (flight !== undefined) return join(flight, signal);
      if (staleToken !== undefined && token !== undefined) {
        const staleValue = typeof staleToken === 'string' ? staleToken : staleToken.value;
        // Someone already replaced the rejected token: use the new one, no second refresh.
        if (staleValue !== token.value) return guard.ensureFresh(signal);
      }
      return join(start(token === undefined ? 'initial' : 'forced', false, reason), signal);
    },
    current: () => token,
    dispose() {
      if (disposed) return;
      disposed = true;
      freshUntil = -Infinity;
      lifecycle.abort(disposedError(name));
    },
  };
  defineRedaction(guard, 'TokenGuard', () => ({
    name,
    kind: token?.kind,
    issuedAtMs: token?.issuedAtMs,
    expiresAtMs: token?.expiresAtMs,
    refreshing: flight !== undefined,
    disposed,
  }));
  return Object.freeze(guard);
}

function disposedError(name: string): TokenGuardError {
  return new TokenGuardError('DISPOSED', `${name} guard was disposed`);
}
