import { describe, expect, it } from 'vitest';
import { systemClock } from './system-clock.js';
import { systemRandom } from './system-random.js';

// These exercise the real clock on purpose; waits are 1 ms and correctness never depends on them.
describe('systemClock', () => {
  it('reads wall and monotonic time', () => {
    const a = systemClock.monotonicNow();
    expect(systemClock.monotonicNow()).toBeGreaterThanOrEqual(a);
    expect(systemClock.now()).toBeGreaterThan(1_600_000_000_000);
    expect(Object.isFrozen(systemClock)).toBe(true);
  });

  it('sleeps, and rejects at once with the reason on abort (before or during)', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
    const reason = new Error('stop');
    await expect(systemClock.sleep(1, AbortSignal.abort(reason))).rejects.toBe(reason);
    const ac = new AbortController();
    const long = systemClock.sleep(60_000, ac.signal);
    ac.abort(reason);
    await expect(long).rejects.toBe(reason);
  });
});

describe('systemRandom', () => {
  it('returns numbers in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const r = systemRandom();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
  });
});
