import { createFakeClock, flushMicrotasks } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { createLagSleep } from './lag-sleep.js';

/** Whether `p` has settled after the pending microtasks ran. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await flushMicrotasks();
  return done;
}

describe('createLagSleep', () => {
  it('ends a wait when its time has passed on the clock', async () => {
    const clock = createFakeClock();
    const lag = createLagSleep(clock);
    const wait = lag.sleep(100);
    await clock.tick(99);
    expect(await settled(wait)).toBe(false);
    await clock.tick(1);
    expect(await settled(wait)).toBe(true);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('wake() ends the wait at once and leaves one timer armed for later waits', async () => {
    const clock = createFakeClock();
    const lag = createLagSleep(clock);
    const first = lag.sleep(100);
    lag.wake();
    expect(await settled(first)).toBe(true);
    expect(clock.pendingSleeps()).toBe(1);

    // A wait that ends no earlier reuses the armed timer: no new timer, and it ends when the old
    // one fires (early, which the caller re-checks).
    await clock.tick(40);
    const second = lag.sleep(100);
    expect(clock.pendingSleeps()).toBe(1);
    expect(clock.sleepLog).toEqual([100]);
    await clock.tick(60);
    expect(await settled(second)).toBe(true);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('replaces the armed timer when a wait must end earlier', async () => {
    const clock = createFakeClock();
    const lag = createLagSleep(clock);
    void lag.sleep(1000);
    lag.wake();
    const short = lag.sleep(10);
    expect(clock.pendingSleeps()).toBe(1); // the 1000 ms timer was cancelled
    expect(clock.sleepLog).toEqual([1000, 10]);
    await clock.tick(10);
    expect(await settled(short)).toBe(true);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('a new wait ends the previous one, so no waiter hangs', async () => {
    const clock = createFakeClock();
    const lag = createLagSleep(clock);
    const first = lag.sleep(100);
    const second = lag.sleep(100);
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    lag.wake();
    expect(await settled(second)).toBe(true);
  });

  it('stop() cancels the timer and ends the wait; a later wait arms a new timer', async () => {
    const clock = createFakeClock();
    const lag = createLagSleep(clock);
    const wait = lag.sleep(100);
    lag.stop();
    expect(await settled(wait)).toBe(true);
    expect(clock.pendingSleeps()).toBe(0);
    const again = lag.sleep(50);
    expect(clock.pendingSleeps()).toBe(1);
    await clock.tick(50);
    expect(await settled(again)).toBe(true);
  });
});
