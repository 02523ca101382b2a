/** How a backoff delay is spread: `'full'` (uniform up to the exponential), `'decorrelated'` or `'none'`. */
export type JitterMode = 'full' | 'decorrelated' | 'none';

/** Options for {@link createRetryPlan}. Every field is optional. */
export interface RetryPlanOptions {
  /** Total attempts, the first one included (an integer ≥ 1, or `Infinity`). @default 4 */
  maxAttempts?: number;
  /** Base delay before the first retry, in ms. @default 200 */
  initialDelayMs?: number;
  /** Growth factor per retry (≥ 1). @default 1.8 */
  multiplier?: number;
  /** Cap on any computed backoff delay, in ms (≥ `initialDelayMs`). @default 5000 */
  maxDelayMs?: number;
  /** Jitter mode. @default 'full' */
  jitter?: JitterMode;
  /** Overall time budget for one `execute`, in ms; a retry that would pass it is not made. @default 30000 */
  maxElapsedMs?: number;
  /** Cap on a server delay hint such as `Retry-After`, in ms. @default 60000 */
  maxRetryAfterMs?: number;
}

/** A validated, frozen retry plan (every field present). */
export type RetryPlan = Readonly<Required<RetryPlanOptions>>;

/** The defaults {@link createRetryPlan} fills in. */
export const DEFAULT_RETRY_PLAN: RetryPlan = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 200,
  multiplier: 1.8,
  maxDelayMs: 5000,
  jitter: 'full',
  maxElapsedMs: 30_000,
  maxRetryAfterMs: 60_000,
});

const JITTER_MODES: readonly string[] = ['full', 'decorrelated', 'none'];
const KNOWN_KEYS: readonly string[] = Object.keys(DEFAULT_RETRY_PLAN);

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

function numberOption(
  name: keyof RetryPlanOptions,
  value: unknown,
  min: number,
  allowInfinity: boolean,
): number {
  if (typeof value !== 'number') {
    throw new TypeError(`retry plan option "${name}" must be a number, got ${show(value)}`);
  }
  if (Number.isNaN(value) || value < min || (!allowInfinity && !Number.isFinite(value))) {
    const range = allowInfinity ? `a number >= ${min} (or Infinity)` : `a finite number >= ${min}`;
    throw new RangeError(`retry plan option "${name}" must be ${range}, got ${show(value)}`);
  }
  return value;
}

/**
 * Validates `options`, fills in {@link DEFAULT_RETRY_PLAN} and returns a frozen plan.
 * Throws a `TypeError` (wrong type, unknown option) or `RangeError` (bad value) naming the option.
 * @example
 * const plan = createRetryPlan({ maxAttempts: 6, jitter: 'decorrelated' });
 */
export function createRetryPlan(options: RetryPlanOptions = {}): RetryPlan {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`retry plan options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new TypeError(`unknown retry plan option "${key}" (known: ${KNOWN_KEYS.join(', ')})`);
    }
  }
  const o = { ...DEFAULT_RETRY_PLAN, ...stripUndefined(options) };
  const maxAttempts = numberOption('maxAttempts', o.maxAttempts, 1, true);
  if (Number.isFinite(maxAttempts) && !Number.isInteger(maxAttempts)) {
    throw new RangeError(`retry plan option "maxAttempts" must be an integer, got ${maxAttempts}`);
  }
  const initialDelayMs = numberOption('initialDelayMs', o.initialDelayMs, 0, false);
  const multiplier = numberOption('multiplier', o.multiplier, 1, false);
  const maxDelayMs = numberOption('maxDelayMs', o.maxDelayMs, 0, true);
  if (maxDelayMs < initialDelayMs) {
    throw new RangeError(
      `retry plan option "maxDelayMs" (${maxDelayMs}) must be >= "initialDelayMs" (${initialDelayMs})`,
    );
  }
  if (typeof o.jitter !== 'string' || !JITTER_MODES.includes(o.jitter)) {
    throw new TypeError(
      `retry plan option "jitter" must be one of ${JITTER_MODES.join(', ')}, got ${show(o.jitter)}`,
    );
  }
  return Object.freeze({
    maxAttempts,
    initialDelayMs,
    multiplier,
    maxDelayMs,
    jitter: o.jitter,
    maxElapsedMs: numberOption('maxElapsedMs', o.maxElapsedMs, 0, true),
    maxRetryAfterMs: numberOption('maxRetryAfterMs', o.maxRetryAfterMs, 0, true),
  });
}

function stripUndefined(options: RetryPlanOptions): RetryPlanOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out;
}
