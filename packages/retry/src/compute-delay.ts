import type { RetryPlan } from './retry-plan.js';

/**
 * The backoff delay before retry number `attempt` (1 = the first retry), in ms. Pure: the same
 * inputs give the same result. `'none'`: `min(maxDelayMs, initialDelayMs · multiplier^(attempt-1))`;
 * `'full'`: uniform in [0, that]; `'decorrelated'`: `min(maxDelayMs, uniform in [initialDelayMs,
 * 3 · previousDelayMs])`, with `previousDelayMs` = `initialDelayMs` for the first retry.
 * @example
 * computeDelay(createRetryPlan({ jitter: 'none' }), 2, undefined, Math.random); // 360
 */
export function computeDelay(
  plan: RetryPlan,
  attempt: number,
  previousDelayMs: number | undefined,
  random: () => number,
): number {
  const { initialDelayMs: initial, maxDelayMs: cap } = plan;
  if (plan.jitter === 'decorrelated') {
    const previous = attempt <= 1 || previousDelayMs === undefined ? initial : previousDelayMs;
    const high = Math.max(initial, 3 * previous);
    return Math.min(cap, initial + unit(random) * (high - initial));
  }
  // initial 0 would give 0 · Infinity = NaN once the power overflows.
  const exponential =
    initial === 0 ? 0 : Math.min(cap, initial * plan.multiplier ** Math.max(0, attempt - 1));
  return plan.jitter === 'none' ? exponential : unit(random) * exponential;
}

/** Reads the random source, clamped to [0, 1] so a misbehaving source cannot break the bounds. */
function unit(random: () => number): number {
  const r = random();
  return r >= 0 ? (r <= 1 ? r : 1) : 0;
}
