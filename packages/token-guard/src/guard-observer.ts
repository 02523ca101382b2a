/** Why a refresh ran. */
export type RefreshReason = 'initial' | 'proactive' | 'forced' | 'clock_jump';

/**
 * Hooks a guard calls around each refresh: the telemetry seam. Every hook is optional; a hook
 * that throws is ignored. Events never carry the token value.
 */
export interface TokenGuardObserver {
  /** A refresh starts. `detail` is the text given to `forceRefresh`, if any. */
  onRefreshStart?(e: {
    attemptId: number;
    /** The guard's `name` (attempt ids are per guard, so observers shared by guards key on both). */
    guard: string;
    reason: RefreshReason;
    kind?: string;
    atMs: number;
    detail?: string;
  }): void;
  /** A refresh produced a token; `delayMs` is the total backoff (with jitter) slept. */
  onRefreshSuccess?(e: {
    attemptId: number;
    /** The guard's `name` (attempt ids are per guard, so observers shared by guards key on both). */
    guard: string;
    reason: RefreshReason;
    kind: string;
    issuedAtMs: number;
    expiresAtMs: number;
    durationMs: number;
    attempts: number;
    delayMs: number;
  }): void;
  /** A refresh failed (after its retries). */
  onRefreshFailure?(e: {
    attemptId: number;
    /** The guard's `name` (attempt ids are per guard, so observers shared by guards key on both). */
    guard: string;
    reason: RefreshReason;
    errorKind: string;
    error: unknown;
    consecutiveFailures: number;
    durationMs: number;
    attempts: number;
  }): void;
  /** `escalateAfter` refreshes in a row have failed (once per failure streak). */
  onEscalation?(e: {
    attemptId: number;
    /** The guard's `name` (attempt ids are per guard, so observers shared by guards key on both). */
    guard: string;
    reason: RefreshReason;
    consecutiveFailures: number;
    error: unknown;
  }): void;
}
