// Retries a flaky async function with @snowpipe/retry alone, prints the outcome, and exits
// non-zero if the outcome is not what retrying should give.
import { setTimeout as delay } from 'node:timers/promises';
import { createRetryCoordinator, isRetryError } from '@snowpipe/retry';

let calls = 0;
/** Fails twice with a retryable 503, then succeeds. */
async function flakyLookup(): Promise<string> {
  calls++;
  await delay(2); // stands in for a network call
  if (calls <= 2) {
    throw Object.assign(new Error(`service unavailable (call ${calls})`), { status: 503 });
  }
  return 'order #42 confirmed';
}

const retry = createRetryCoordinator({
  plan: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 100, jitter: 'full' },
  observer: {
    onRetry: (e) =>
      console.log(
        `attempt ${e.attempt} failed (${e.errorKind}, status ${e.status}); retrying in ${Math.round(e.delayMs)} ms`,
      ),
  },
});

try {
  const { value, outcome } = await retry.executeWithOutcome('lookup-order', flakyLookup);
  console.log(`result: ${value}`);
  console.log(
    `attempts: ${outcome.attempts.map((a) => `${a.attempt}:${a.decision}`).join(', ')}; ` +
      `total ${Math.round(outcome.totalElapsedMs)} ms`,
  );
  const ok =
    value === 'order #42 confirmed' &&
    outcome.succeeded &&
    outcome.attempts.length === 3 &&
    outcome.attempts.map((a) => a.decision).join() === 'retry,retry,success' &&
    calls === 3;
  if (!ok) {
    console.error('unexpected outcome', JSON.stringify(outcome));
    process.exitCode = 1;
  }
} catch (error) {
  console.error(isRetryError(error) ? `gave up: ${error.code}` : error);
  process.exitCode = 1;
}
