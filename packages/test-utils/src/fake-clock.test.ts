import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';
import { constantRandom, createSeededRandom } from './seeded-random.js';

describe('createFakeClock', () => {
  it('resolves sleeps only when time is advanced past them, in order', async () => {
    const clock = createFakeClock({ startMs: 1000 });
    const order: number[] = [];
    void clock.sleep(50).then(() => order.push(50));
    void clock.sleep(10).then(() => order.push(10));
    await clock.tick(9);
    expect(order).toEqual([]);
    await clock.tick(1);
    expect(order).toEqual([10]);
    await clock.tick(40);
    expect(order).toEqual([10, 50]);
    expect(clock.now()).toBe(1050);
    expect(clock.monotonicNow()).toBe(50);
  });

  it('fires chained sleeps within one tick', async () => {
    const clock = createFakeClock();
    let done = false;
    void (async () => {
      await clock.sleep(10);
      await clock.sleep(10);
      done = true;
    })();
    await clock.tick(20);
    expect(done).toBe(true);
  });

  it('rejects a sleep at once when its signal aborts, with the reason', async () => {
    const clock = createFakeClock();
    const ac = new AbortController();
    const p = clock.sleep(1000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pendingSleeps()).toBe(0);
    await expect(clock.sleep(5, ac.signal)).rejects.toThrow('stop');
  });

  it('jumps the wall clock without moving the monotonic clock', () => {
    const clock = createFakeClock({ startMs: 0 });
    clock.jumpWallClock(60_000);
    expect(clock.now()).toBe(60_000);
    expect(clock.monotonicNow()).toBe(0);
  });

  it('runAll drains pending sleeps and logs requested durations', async () => {
    const clock = createFakeClock();
    void clock.sleep(5);
    void clock.sleep(7);
    expect(await clock.runAll()).toBe(2);
    expect(clock.sleepLog).toEqual([5, 7]);
  });
});

describe('random sources', () => {
  it('repeats a sequence for a seed and stays in [0, 1)', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createSeededRandom(8)()).not.toBe(xs[0]);
  });
  it('constantRandom returns its value', () => {
    expect(constantRandom(0.25)()).toBe(0.25);
  });
});
