import type { ResolvedRefreshPolicy } from './resolved-refresh-policy.js';

/** What the guard should do now. */
export type RefreshAction = 'none' | 'background' | 'foreground';

/** Why {@link decideRefresh} chose its action. */
export type RefreshDecisionWhy = 'fresh' | 'cooldown' | 'refresh_ahead' | 'threshold' | 'expired';

/** Inputs of {@link decideRefresh}; all times on one timeline (ms). */
export interface RefreshDecisionInput {
  /** The current time. */
  nowMs: number;
  /** When the token expires. */
  expiresAtMs: number;
  /** When the token in hand was received (cooldown start); omit for "long ago". */
  lastRefreshAtMs?: number;
  /** How long before the threshold a background refresh may start; 0 disables it. @default 0 */
  refreshAheadMs?: number;
}

/** The decision and until when it holds (the guard's fast path stays fresh until then). */
export interface RefreshDecision {
  /** What the guard should do now: nothing, refresh in the background, or wait for a refresh. */
  readonly action: RefreshAction;
  /** The rule that chose the action. */
  readonly why: RefreshDecisionWhy;
  /** The earliest time the decision can change; `nowMs` for foreground refreshes. */
  readonly recheckAtMs: number;
}

/**
 * Pure refresh decision. A token within `skewMs` of expiry counts as expired and must be
 * refreshed in the foreground, cooldown or not. Within `thresholdMs` it is refreshed in the
 * foreground unless the token arrived less than `cooldownMs` ago. Within `refreshAheadMs` before
 * the threshold, a background refresh starts (same cooldown rule). Otherwise it is fresh.
 * @example
 * decideRefresh(policy.resolve(3_600_000), { nowMs, expiresAtMs }).action; // 'none'
 */
export function decideRefresh(
  resolved: ResolvedRefreshPolicy,
  input: RefreshDecisionInput,
): RefreshDecision {
  const { nowMs, expiresAtMs } = input;
  const expiredAt = expiresAtMs - resolved.skewMs;
  const thresholdAt = expiresAtMs - resolved.thresholdMs;
  const aheadMs = input.refreshAheadMs ?? 0;
  const aheadAt = thresholdAt - aheadMs;
  const cooldownEnd =
    input.lastRefreshAtMs === undefined ? -Infinity : input.lastRefreshAtMs + resolved.cooldownMs;
  if (nowMs >= expiredAt) return { action: 'foreground', why: 'expired', recheckAtMs: nowMs };
  if (nowMs >= thresholdAt) {
    if (nowMs < cooldownEnd) {
      return { action: 'none', why: 'cooldown', recheckAtMs: Math.min(cooldownEnd, expiredAt) };
    }
    return { action: 'foreground', why: 'threshold', recheckAtMs: nowMs };
  }
  if (aheadMs > 0 && nowMs >= aheadAt) {
    if (nowMs < cooldownEnd) {
      return { action: 'none', why: 'cooldown', recheckAtMs: Math.min(cooldownEnd, thresholdAt) };
    }
    return { action: 'background', why: 'refresh_ahead', recheckAtMs: thresholdAt };
  }
  return { action: 'none', why: 'fresh', recheckAtMs: aheadMs > 0 ? aheadAt : thresholdAt };
}
