export type { Clock } from './clock.js';
export { systemClock } from './clock/system-clock.js';
export { systemRandom } from './clock/system-random.js';
export { createRetryPlan, DEFAULT_RETRY_PLAN } from './retry-plan.js';
export type { JitterMode, RetryPlan, RetryPlanOptions } from './retry-plan.js';
export { computeDelay } from './compute-delay.js';
export { decideRetry } from './decide-retry.js';
export type { RetryDecision, RetryState } from './decide-retry.js';
export type { AttemptContext, Classification, Classifier, ErrorKind } from './classification.js';
export { classifyHttpError } from './classify-http-error.js';
export { parseRetryAfter } from './parse-retry-after.js';
export type { AttemptRecord, DecisionReason, DelaySource, RetryOutcome } from './retry-outcome.js';
export { RetryError, isRetryError } from './retry-error.js';
export { AttemptTimeoutError, isAttemptTimeoutError } from './attempt-timeout-error.js';
export type { AttemptBound } from './attempt-timeout-error.js';
export type { RetryErrorCode } from './retry-error.js';
export { createRetryBudget, DEFAULT_RETRY_BUDGET } from './retry-budget.js';
export type { RetryBudget, RetryBudgetOptions } from './retry-budget.js';
export type { RetryObserver } from './retry-observer.js';
export { createRetryCoordinator } from './retry-coordinator.js';
export type {
  ExecuteOptions,
  RetryCoordinator,
  RetryCoordinatorOptions,
} from './retry-coordinator-options.js';
