import type { ResolvedRefreshPolicy } from './resolved-refresh-policy.js';

export type { ResolvedRefreshPolicy } from './resolved-refresh-policy.js';

/** Options of {@link createRefreshPolicy}. Every field is optional. */
export interface RefreshPolicyOptions {
  /**
   * Refresh once a token has this little time left, in ms. Must be below every token's lifetime.
   * @default the smaller of 120 000 and 20 % of the token's lifetime (3600 s → 120 s, 300 s → 60 s, 60 s → 12 s)
   */
  thresholdMs?: number;
  /**
   * Least time between receiving a token and refreshing it proactively again, in ms. Clamped per
   * token to half the time from issue to threshold, so it only ever holds back refreshes of tokens
   * that arrive already inside (or near) the window; it never delays a refresh the token needs to
   * stay valid (within `maxSkewMs` of expiry).
   * @default 300000
   */
  minCooldownMs?: number;
  /**
   * Clock-skew allowance, in ms: a token counts as expired this long before its `exp`, and a
   * wall-clock jump larger than this forces a refresh. Must be below the threshold. When not
   * given, the effective skew is the smaller of 30 s and half the effective threshold, so short
   * tokens keep a refresh window (60 s token: threshold 12 s, skew 6 s).
   * @default 30000
   */
  maxSkewMs?: number;
}

/** A validated refresh policy: resolves the numbers that apply to a token of a given lifetime. */
export interface RefreshPolicy {
  /** The options as given (validated). */
  readonly options: Readonly<RefreshPolicyOptions>;
  /**
   * The effective threshold, skew and cooldown for a token with this lifetime. Throws a
   * `RangeError` when an explicitly given option conflicts with the lifetime.
   */
  resolve(lifetimeMs: number): ResolvedRefreshPolicy;
}

/** The defaults of {@link createRefreshPolicy}. */
export const DEFAULT_REFRESH_POLICY = Object.freeze({
  /** Cap of the default threshold, ms. */
  maxThresholdMs: 120_000,
  /** Share of the lifetime used as the default threshold. */
  thresholdFraction: 0.2,
  /** Default least time between a token's arrival and its next proactive refresh, in ms. */
  minCooldownMs: 300_000,
  /** Cap of the default clock-skew allowance, in ms. */
  maxSkewMs: 30_000,
});

const KNOWN = ['thresholdMs', 'minCooldownMs', 'maxSkewMs'];

/**
 * Validates refresh options eagerly and returns a frozen {@link RefreshPolicy}. Conflicts are
 * explained: `maxSkewMs` must be below `thresholdMs`, `thresholdMs` below the token lifetime,
 * `minCooldownMs` non-negative.
 * @example
 * const policy = createRefreshPolicy({ thresholdMs: 90_000 });
 * policy.resolve(3_600_000); // { thresholdMs: 90000, skewMs: 30000, cooldownMs: 300000, ... }
 */
export function createRefreshPolicy(options: RefreshPolicyOptions = {}): RefreshPolicy {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`refresh policy options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new TypeError(`unknown refresh policy option "${key}" (known: ${KNOWN.join(', ')})`);
    }
  }
  const thresholdMs = check('thresholdMs', options.thresholdMs, true);
  const maxSkewMs = check('maxSkewMs', options.maxSkewMs, false);
  const minCooldownMs = check('minCooldownMs', options.minCooldownMs, false);
  if (thresholdMs !== undefined && maxSkewMs !== undefined && maxSkewMs >= thresholdMs) {
    throw new RangeError(
      `refresh policy: "maxSkewMs" (${maxSkewMs}) must be below "thresholdMs" (${thresholdMs}); ` +
        'a token counts as expired maxSkewMs before exp, so a threshold at or below it leaves ' +
        'no window to refresh before the token becomes unusable',
    );
  }
  const given: RefreshPolicyOptions = {};
  if (thresholdMs !== undefined) given.thresholdMs = thresholdMs;
  if (minCooldownMs !== undefined) given.minCooldownMs = minCooldownMs;
  if (maxSkewMs !== undefined) given.maxSkewMs = maxSkewMs;

  function resolve(lifetimeMs: number): ResolvedRefreshPolicy {
    if (!(Number.isFinite(lifetimeMs) && lifetimeMs > 0)) {
      throw new RangeError(`token lifetime must be a positive number, got ${String(lifetimeMs)}`);
    }
    if (thresholdMs !== undefined && thresholdMs >= lifetimeMs) {
      throw new RangeError(
        `refresh policy: "thresholdMs" (${thresholdMs}) must be below the token lifetime ` +
          `(${lifetimeMs} ms); otherwise every token is due for refresh the moment it arrives`,
      );
    }
    const threshold =
      thresholdMs ??
      Math.min(
        DEFAULT_REFRESH_POLICY.maxThresholdMs,
        Math.floor(lifetimeMs * DEFAULT_REFRESH_POLICY.thresholdFraction),
      );
    if (maxSkewMs !== undefined && maxSkewMs >= threshold) {
      throw new RangeError(
        `refresh policy: "maxSkewMs" (${maxSkewMs}) must be below the threshold (${threshold} ms, ` +
          `the default for a ${lifetimeMs} ms token); lower maxSkewMs or set thresholdMs above it`,
      );
    }
    const skew = maxSkewMs ?? Math.min(DEFAULT_REFRESH_POLICY.maxSkewMs, Math.floor(threshold / 2));
    const cooldown = Math.min(
      minCooldownMs ?? DEFAULT_REFRESH_POLICY.minCooldownMs,
      Math.floor((lifetimeMs - threshold) / 2),
    );
    return Object.freeze({
      lifetimeMs,
      thresholdMs: threshold,
      skewMs: skew,
      cooldownMs: cooldown,
    });
  }

  return Object.freeze({ options: Object.freeze(given), resolve });
}

/** True when `value` already is a policy (rather than options for one). */
export function isRefreshPolicy(value: unknown): value is RefreshPolicy {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RefreshPolicy).resolve === 'function' &&
    typeof (value as RefreshPolicy).options === 'object'
  );
}

function check(name: string, value: unknown, positive: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (positive && value === 0)
  ) {
    const want = positive ? 'a finite number > 0' : 'a finite number >= 0 (non-negative)';
    throw new RangeError(`refresh policy option "${name}" must be ${want}, got ${show(value)}`);
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return value === undefined || value === null ? String(value) : JSON.stringify(value);
}
