/**
 * A retry budget in the style of gRPC retry throttling: failures drain tokens, successes refill
 * them, and retries stop while the bucket is at or below half, so retries cannot multiply an outage.
 */
export interface RetryBudget {
  /** True when a retry may be made (tokens above the threshold). Does not consume a token. */
  tryAcquireRetry(): boolean;
  /** A failed attempt: tokens -= 1, floored at 0. */
  recordFailure(): void;
  /** A successful attempt: tokens += `tokenRatio`, capped at `maxTokens`. */
  recordSuccess(): void;
  /** Tokens currently in the bucket. */
  tokens(): number;
}

/** Options for {@link createRetryBudget}. */
export interface RetryBudgetOptions {
  /** Bucket size (a finite number > 0); retries stop at or below half of it. @default 10 */
  maxTokens?: number;
  /** Tokens a success adds back (a finite number > 0, at most `maxTokens`). @default 0.1 */
  tokenRatio?: number;
}

/** Defaults of {@link createRetryBudget}. */
export const DEFAULT_RETRY_BUDGET: Readonly<Required<RetryBudgetOptions>> = Object.freeze({
  maxTokens: 10,
  tokenRatio: 0.1,
});

// Integer milli-tokens, as gRPC does, so many small refills add up exactly.
const SCALE = 1000;

/**
 * Creates a {@link RetryBudget}, starting full. Share one budget between coordinators that call
 * the same service.
 * @example
 * const coordinator = createRetryCoordinator({ budget: createRetryBudget({ maxTokens: 20 }) });
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const maxTokens = options.maxTokens ?? DEFAULT_RETRY_BUDGET.maxTokens;
  const tokenRatio = options.tokenRatio ?? DEFAULT_RETRY_BUDGET.tokenRatio;
  check('maxTokens', maxTokens, Infinity);
  check('tokenRatio', tokenRatio, maxTokens);
  const max = Math.round(maxTokens * SCALE);
  const refill = Math.max(1, Math.round(tokenRatio * SCALE));
  const threshold = max / 2;
  let milli = max;
  return {
    tryAcquireRetry: () => milli > threshold,
    recordFailure() {
      milli = Math.max(0, milli - SCALE);
    },
    recordSuccess() {
      milli = Math.min(max, milli + refill);
    },
    tokens: () => milli / SCALE,
  };
}

function check(name: string, value: unknown, max: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`retry budget option "${name}" must be a number, got ${String(value)}`);
  }
  if (!(value > 0) || !Number.isFinite(value) || value > max) {
    throw new RangeError(
      `retry budget option "${name}" must be a finite number > 0${max < Infinity ? ` and <= maxTokens (${max})` : ''}, got ${value}`,
    );
  }
}
