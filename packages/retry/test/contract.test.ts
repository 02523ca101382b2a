import { describe, expect, it } from 'vitest';
import { createRetryCoordinator, systemClock } from '../src/index.js';

/** The structural retry port @snowpipe/token-guard declares (contracts §3). */
interface TokenGuardRetryPort {
  execute<T>(
    op: string,
    fn: (ctx: { attempt: number; signal?: AbortSignal }) => Promise<T>,
    o?: { signal?: AbortSignal; observer?: object },
  ): Promise<T>;
}

/** The clock port other packages declare structurally. */
interface ClockPort {
  now(): number;
  monotonicNow(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

describe('cross-package contracts', () => {
  it('a coordinator satisfies the token-guard retry port; systemClock the clock port', async () => {
    const port: TokenGuardRetryPort = createRetryCoordinator();
    const clock: ClockPort = systemClock;
    await expect(
      port.execute('op', async ({ attempt }) => attempt, { observer: {} }),
    ).resolves.toBe(1);
    expect(typeof clock.monotonicNow()).toBe('number');
  });
});
