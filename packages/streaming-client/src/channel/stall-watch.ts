/**
 * Remembers, per channel, since when its progress mark has not moved: the commit poller feeds it
 * each cycle and fails a channel whose rows have been stuck for `stallTimeoutMs`.
 */
export interface StallWatch<K> {
  /**
   * Records `mark` (`undefined`: the channel holds nothing, so it cannot stall) at `nowMs`.
   * Returns how long the mark has not moved once that reaches the timeout, else `undefined`.
   */
  observe(key: K, mark: string | undefined, nowMs: number): number | undefined;
  /** Forgets a channel (closed or removed). */
  forget(key: K): void;
}

/** Creates a {@link StallWatch}; `stallTimeoutMs` 0 never reports a stall. */
export function createStallWatch<K>(stallTimeoutMs: number): StallWatch<K> {
  const since = new Map<K, { mark: string; sinceMs: number }>();
  return {
    observe(key, mark, nowMs) {
      if (mark === undefined || stallTimeoutMs === 0) {
        since.delete(key);
        return undefined;
      }
      const seen = since.get(key);
      if (seen === undefined || seen.mark !== mark) {
        since.set(key, { mark, sinceMs: nowMs });
        return undefined;
      }
      const stuckMs = nowMs - seen.sinceMs;
      if (stuckMs < stallTimeoutMs) return undefined;
      since.delete(key);
      return stuckMs;
    },
    forget: (key) => void since.delete(key),
  };
}
