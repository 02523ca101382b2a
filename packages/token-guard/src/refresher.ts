import { notifyObservers } from '@snowpipe/retry/internal';
import { isRetryError } from '@snowpipe/retry';
import type { GuardSettings } from './guard-options.js';
import type { RefreshReason } from './guard-observer.js';
import type { ResolvedRefreshPolicy } from './resolved-refresh-policy.js';
import { createTokenEnvelope, isTokenEnvelope } from './token-envelope.js';
import type { TokenEnvelope } from './token-envelope.js';
import { isTokenGuardError, TokenGuardError } from './token-guard-error.js';
import { TokenRefreshError } from './token-refresh-error.js';
import type { TokenRefreshErrorCode } from './token-refresh-error.js';

/** A successful refresh: the token, its resolved policy and what it took. */
export interface RefreshSuccess {
  token: TokenEnvelope;
  resolved: ResolvedRefreshPolicy;
  attempts: number;
}

/** Runs refreshes through the retry coordinator, emitting events and counting failure streaks. */
export interface Refresher {
  run(
    reason: RefreshReason,
    detail: string | undefined,
    kind: string | undefined,
  ): Promise<RefreshSuccess>;
}

/**
 * Creates the refresh runner of one guard. `lifecycle` aborts in-flight work on dispose; a
 * dispose abort is rethrown as is (not counted as a failure).
 */
export function createRefresher(settings: GuardSettings, lifecycle: AbortSignal): Refresher {
  const { source, policy, clock, retry, observers, escalateAfter, name } = settings;
  const mono =
    typeof clock.monotonicNow === 'function' ? () => clock.monotonicNow!() : () => clock.now();
  let lastAttemptId = 0;
  let consecutiveFailures = 0;

  async function run(reason: RefreshReason, detail: string | undefined, kind: string | undefined) {
    const attemptId = ++lastAttemptId;
    const startedAt = mono();
    if (observers.length !== 0) {
      notifyObservers(observers, 'onRefreshStart', {
        attemptId,
        guard: name,
        reason,
        ...(kind === undefined ? {} : { kind }),
        atMs: clock.now(),
        ...(detail === undefined ? {} : { detail }),
      });
    }
    let attempts = 0;
    let delayMs = 0;
    const retryObserver = { onRetry: (e: { delayMs: number }) => void (delayMs += e.delayMs) };
    try {
      const fetched = await retry.execute(
        `${name}-refresh`,
        (ctx) => {
          attempts = Math.max(attempts, ctx.attempt);
          return source.fetchToken(ctx.signal ?? lifecycle);
        },
        { signal: lifecycle, observer: retryObserver },
      );
      const token = isTokenEnvelope(fetched) ? fetched : createTokenEnvelope(fetched);
      const resolved = resolvePolicy(token);
      consecutiveFailures = 0;
      if (observers.length !== 0) {
        notifyObservers(observers, 'onRefreshSuccess', {
          attemptId,
          guard: name,
          reason,
          kind: token.kind,
          issuedAtMs: token.issuedAtMs,
          expiresAtMs: token.expiresAtMs,
          durationMs: mono() - startedAt,
          attempts: Math.max(attempts, 1),
          delayMs,
        });
      }
      return { token, resolved, attempts: Math.max(attempts, 1) };
    } catch (error) {
      if (lifecycle.aborted && error === lifecycle.reason) throw error;
      throw fail(error, attemptId, reason, startedAt, attempts);
    }
  }

  function resolvePolicy(token: TokenEnvelope): ResolvedRefreshPolicy {
    let resolved: ResolvedRefreshPolicy;
    try {
      resolved = policy.resolve(token.expiresAtMs - token.issuedAtMs);
    } catch (error) {
      throw new TokenGuardError('INVALID_TOKEN', `${name}: refresh policy does not fit the token`, {
        cause: error,
      });
    }
    if (token.expiresAtMs - resolved.skewMs <= clock.now()) {
      throw new TokenGuardError(
        'TOKEN_EXPIRED',
        `${name}: the source returned a ${token.kind} token that is already expired (within ${resolved.skewMs} ms skew)`,
      );
    }
    return resolved;
  }

  function fail(
    error: unknown,
    attemptId: number,
    reason: RefreshReason,
    startedAt: number,
    counted: number,
  ): TokenRefreshError {
    consecutiveFailures++;
    const retried = isRetryError(error);
    const cause: unknown = retried ? error.cause : error;
    const attempts = retried ? Math.max(error.outcome.attempts.length, 1) : Math.max(counted, 1);
    const last = retried ? error.outcome.attempts[error.outcome.attempts.length - 1] : undefined;
    const nonRetriable = retried ? error.code === 'NOT_RETRYABLE' : isNonRetriable(error);
    const errorKind = last?.errorKind ?? (isTokenGuardError(cause) ? 'client' : 'unknown');
    const escalated = consecutiveFailures >= escalateAfter;
    const code: TokenRefreshErrorCode = nonRetriable
      ? 'NON_RETRIABLE'
      : escalated
        ? 'REFRESH_ESCALATED'
        : 'REFRESH_FAILED';
    const causeCode = isTokenGuardError(cause) ? `, ${cause.code}` : '';
    const refreshError = new TokenRefreshError(
      code,
      `${name} refresh (${reason}) failed after ${attempts} attempt(s): ${errorKind}${causeCode}; ` +
        `${consecutiveFailures} failed refresh(es) in a row`,
      { cause, attempts, consecutiveFailures },
    );
    if (observers.length !== 0) {
      notifyObservers(observers, 'onRefreshFailure', {
        attemptId,
        guard: name,
        reason,
        errorKind,
        error: refreshError,
        consecutiveFailures,
        durationMs: mono() - startedAt,
        attempts,
      });
      if (consecutiveFailures === escalateAfter) {
        notifyObservers(observers, 'onEscalation', {
          attemptId,
          guard: name,
          reason,
          consecutiveFailures,
          error: refreshError,
        });
      }
    }
    return refreshError;
  }

  return { run };
}

function isNonRetriable(error: unknown): boolean {
  if (isTokenGuardError(error)) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return (
    typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429
  );
}
