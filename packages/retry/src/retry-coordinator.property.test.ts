import { createFakeClock, createSeededRandom } from '@snowpipe/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRetryBudget } from './retry-budget.js';
import { createRetryCoordinator } from './retry-coordinator.js';
import { isRetryError } from './retry-error.js';
import type { JitterMode } from './retry-plan.js';

const errorArb = fc.oneof(
  fc.constantFrom(408, 429, 500, 502, 503, 504, 400, 404).map((status) => ({ status })),
  fc
    .integer({ min: 0, max: 120 })
    .map((s) => ({ status: 429, headers: { 'retry-after': String(s) } })),
  fc.constant({ code: 'ECONNRESET' }),
);

describe('createRetryCoordinator properties', () => {
  it('attempts never exceed maxAttempts; sleeps stay in bounds and within maxElapsedMs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxAttempts: fc.integer({ min: 1, max: 8 }),
          initialDelayMs: fc.integer({ min: 0, max: 2000 }),
          extraCapMs: fc.integer({ min: 0, max: 10_000 }),
          multiplier: fc.double({ min: 1, max: 4, noNaN: true }),
          jitter: fc.constantFrom<JitterMode>('none', 'full', 'decorrelated'),
          maxElapsedMs: fc.integer({ min: 0, max: 60_000 }),
          maxRetryAfterMs: fc.integer({ min: 0, max: 100_000 }),
        }),
        fc.array(errorArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer(),
        fc.boolean(),
        async (o, errors, attemptMs, seed, withBudget) => {
          const clock = createFakeClock();
          const budget = withBudget ? createRetryBudget({ maxTokens: 3 }) : undefined;
          const { extraCapMs, ...rest } = o;
          const plan = { ...rest, maxDelayMs: o.initialDelayMs + extraCapMs };
          const coordinator = createRetryCoordinator({
            plan,
            clock,
            random: createSeededRandom(seed),
            ...(budget ? { budget } : {}),
          });
          let calls = 0;
          const backoffs: number[] = [];
          const p = coordinator.execute(
            'op',
            async () => {
              calls++;
              if (attemptMs > 0) await clock.sleep(attemptMs);
              const e = errors[calls - 1];
              if (e) throw Object.assign(new Error('x'), e);
              return calls;
            },
            { observer: { onRetry: (e) => backoffs.push(e.delayMs) } },
          );
          await clock.runAll();
          const result: unknown = await p.catch((e: unknown) => e);
          if (!isRetryError(result)) expect(result).toBe(calls);
          expect(calls).toBeGreaterThanOrEqual(1);
          expect(calls).toBeLessThanOrEqual(o.maxAttempts);
          const total = backoffs.reduce((a, b) => a + b, 0);
          // Every retry starts (after its sleep) before maxElapsedMs: no sleep runs past it.
          if (calls > 1) expect(total + (calls - 1) * attemptMs).toBeLessThan(o.maxElapsedMs);
          expect(backoffs).toHaveLength(calls - 1);
          for (const d of backoffs) {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(Math.max(plan.maxDelayMs, o.maxRetryAfterMs));
          }
          if (budget) {
            expect(budget.tokens()).toBeGreaterThanOrEqual(0);
            expect(budget.tokens()).toBeLessThanOrEqual(3);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
