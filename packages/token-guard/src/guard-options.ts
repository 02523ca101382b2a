import {
  createRetryCoordinator,
  createRetryPlan,
  systemClock,
  systemRandom,
} from '@snowpipe/retry';
import type { Clock, RetryPlan } from '@snowpipe/retry';
import type { TokenGuardObserver } from './guard-observer.js';
import { classifyRefreshError } from './refresh-classifier.js';
import { createRefreshPolicy, isRefreshPolicy } from './refresh-policy.js';
import type { RefreshPolicy, RefreshPolicyOptions } from './refresh-policy.js';
import type { TokenSource } from './token-source.js';

/** What the guard needs from a retry coordinator (`@snowpipe/retry`'s satisfies it). */
export interface RefreshRetry {
  /** Runs `fn` with retries; rejects when it gives up or `options.signal` aborts. */
  execute<T>(
    operation: string,
    fn: (ctx: { attempt: number; signal?: AbortSignal }) => Promise<T>,
    options?: { signal?: AbortSignal; observer?: object },
  ): Promise<T>;
}

/** Options of {@link createTokenGuard}. */
export interface TokenGuardOptions {
  /** Where tokens come from. */
  source: TokenSource;
  /** Refresh policy or options for one. @default createRefreshPolicy() */
  policy?: RefreshPolicy | RefreshPolicyOptions;
  /** Time source; `monotonicNow` enables skew-immune expiry and clock-jump detection. @default systemClock */
  clock?: Clock;
  /** Retry coordinator for refresh attempts. @default a coordinator with DEFAULT_REFRESH_RETRY_PLAN and jitter */
  retry?: RefreshRetry;
  /** Random source in [0, 1) for the default coordinator's jitter. @default systemRandom */
  random?: () => number;
  /** Observer(s) of refreshes. @default [] */
  observer?: TokenGuardObserver | readonly TokenGuardObserver[];
  /** Failed refreshes in a row that escalate (`onEscalation`, code `REFRESH_ESCALATED`). @default 3 */
  escalateAfter?: number;
  /** Start a background refresh this long before the threshold, in ms; 0 disables it. @default 0 */
  refreshAheadMs?: number;
  /** Name used in the retry operation and error messages. @default 'token' */
  name?: string;
}

/** The retry plan of the default refresh coordinator: four attempts, 250 ms doubling to 4 s, full jitter, 20 s budget. */
export const DEFAULT_REFRESH_RETRY_PLAN: RetryPlan = createRetryPlan({
  maxAttempts: 4,
  initialDelayMs: 250,
  multiplier: 2,
  maxDelayMs: 4000,
  jitter: 'full',
  maxElapsedMs: 20_000,
});

/** Defaults of {@link createTokenGuard}. */
export const DEFAULT_TOKEN_GUARD = Object.freeze({
  /** Failed refreshes in a row that escalate. */
  escalateAfter: 3,
  /** Background refresh lead before the threshold, in ms (0: no background refresh). */
  refreshAheadMs: 0,
  /** Name used in the retry operation and error messages. */
  name: 'token',
  /** Wall-clock drift below this never counts as a jump, whatever the skew (timer noise). */
  minClockJumpMs: 1000,
});

/** Validated guard settings. */
export interface GuardSettings {
  source: TokenSource;
  policy: RefreshPolicy;
  clock: Clock;
  retry: RefreshRetry;
  observers: readonly TokenGuardObserver[];
  escalateAfter: number;
  refreshAheadMs: number;
  name: string;
}

/** Validates {@link TokenGuardOptions} eagerly, naming the option and the bad value. */
export function resolveGuardOptions(options: TokenGuardOptions): GuardSettings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('token guard options must be an object');
  }
  const { source } = options;
  if (typeof source !== 'object' || source === null || typeof source.fetchToken !== 'function') {
    throw new TypeError('"source" must be an object with a fetchToken(signal) method');
  }
  const escalateAfter = options.escalateAfter ?? DEFAULT_TOKEN_GUARD.escalateAfter;
  if (!Number.isInteger(escalateAfter) || escalateAfter < 1) {
    throw new RangeError(`"escalateAfter" must be an integer >= 1, got ${String(escalateAfter)}`);
  }
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_TOKEN_GUARD.refreshAheadMs;
  if (!(Number.isFinite(refreshAheadMs) && refreshAheadMs >= 0)) {
    throw new RangeError(
      `"refreshAheadMs" must be a finite number >= 0, got ${String(refreshAheadMs)}`,
    );
  }
  const name = options.name ?? DEFAULT_TOKEN_GUARD.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`"name" must be a non-empty string, got ${String(name)}`);
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== 'function' || typeof clock.sleep !== 'function') {
    throw new TypeError('"clock" must have now() and sleep(ms, signal) methods');
  }
  if (options.retry !== undefined && typeof options.retry.execute !== 'function') {
    throw new TypeError('"retry" must have an execute(operation, fn, options) method');
  }
  const policy = isRefreshPolicy(options.policy)
    ? options.policy
    : createRefreshPolicy(options.policy);
  const retry =
    options.retry ??
    createRetryCoordinator({
      plan: DEFAULT_REFRESH_RETRY_PLAN,
      classify: classifyRefreshError,
      clock,
      random: options.random ?? systemRandom,
    });
  const observers: readonly TokenGuardObserver[] =
    options.observer === undefined ? [] : ([] as TokenGuardObserver[]).concat(options.observer);
  return { source, policy, clock, retry, observers, escalateAfter, refreshAheadMs, name };
}
