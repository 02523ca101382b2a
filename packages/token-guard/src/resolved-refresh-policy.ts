/** The numbers a policy applies to one token. */
export interface ResolvedRefreshPolicy {
  /** The token's lifetime these numbers were resolved for. */
  readonly lifetimeMs: number;
  /** Effective threshold: refresh once this little time is left. */
  readonly thresholdMs: number;
  /** Effective skew: the token counts as expired this early; larger clock jumps force a refresh. */
  readonly skewMs: number;
  /** Effective cooldown after receiving a token before a proactive refresh. */
  readonly cooldownMs: number;
}
